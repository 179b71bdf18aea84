// Exit status 0 when Mermaid's own parser accepts each diagram file given
// on the command line, 1 when it rejects one, 2 on a usage or setup error.
//
//   node check_parse.mjs [--dump] FILE...
//
// --dump also prints, per file, what Mermaid's journey database holds after
// parsing (title, sections, tasks with score and people) as one JSON line,
// so a test can compare it with what libcx meant to write.
//
// Mermaid sanitises text through DOMPurify, which needs a DOM; jsdom
// provides one, so no browser and no network are needed at run time.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

const args = process.argv.slice(2);
const dump = args[0] === '--dump';
const files = dump ? args.slice(1) : args;
if (files.length === 0) {
  console.error('usage: node check_parse.mjs [--dump] FILE...');
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.log(`fail ${file}: cannot read: ${e.message}`);
    failed++;
    continue;
  }
  try {
    const res = await mermaid.parse(text);
    if (!res || res.diagramType !== 'journey') {
      console.log(`fail ${file}: not a journey diagram (${res && res.diagramType})`);
      failed++;
      continue;
    }
    if (dump) {
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
      const db = diagram.db;
      const tasks = db.getTasks().map((t) => ({
        section: t.section, task: t.task, score: t.score, people: t.people,
      }));
      console.log(JSON.stringify({
        file, title: db.getDiagramTitle(), accTitle: db.getAccTitle(),
        accDescr: db.getAccDescription(), sections: db.getSections(), tasks,
      }));
    }
    console.log(`ok ${file}`);
  } catch (e) {
    const first = String(e && e.message ? e.message : e).split('\n').join(' | ');
    console.log(`fail ${file}: ${first}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
