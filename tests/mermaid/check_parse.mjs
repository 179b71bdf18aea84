// Runs Mermaid's own parser on journey diagrams.
//
//   node check_parse.mjs [--dump] FILE...
//       Exit status 0 when Mermaid accepts every file, 1 when it rejects
//       one, 2 on a usage or setup error.  --dump also prints, per file,
//       what Mermaid's journey database holds after parsing (title,
//       accTitle, accDescr, sections, tasks with score and people) as one
//       JSON line.
//
//   node check_parse.mjs --expect LINES.jsonl
//       Each line is {"file", "reread"?, "meant"?} as printed by
//       export_mermaid.  Mermaid parses the file; what it holds must equal
//       "reread" (what libcx read from the same file) and "meant" (the
//       journey libcx exported, with the writer's documented cleaning of
//       names applied here, independently of the C code: docs/mermaid.md).
//
// Mermaid sanitises text through DOMPurify, which needs a DOM; jsdom
// provides one, so no browser and no network are needed at run time.  A
// UTF-8 byte-order mark at the start of a file is dropped, as an editor
// or a web page would.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

// mermaid.parse() and getDiagramFromText() leave the front matter's title
// out (only render() passes it on), so read it as render() does, with the
// YAML loader bundled in Mermaid itself.
const require = createRequire(import.meta.url);
const core = join(dirname(require.resolve('mermaid/package.json')), 'dist',
  'mermaid.core.mjs');
const yamlChunk = readFileSync(core, 'utf8')
  .match(/JSON_SCHEMA,\s*load\s*\}\s*from\s*"(\.\/chunks\/[^"]+)"/);
if (!yamlChunk) {
  console.error('check_parse: cannot find the YAML loader inside Mermaid');
  process.exit(2);
}
const yaml = await import(join(dirname(core), yamlChunk[1]));
const frontMatterRegex = /^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+/s; // Mermaid's

function frontMatterTitle(text) {
  const m = text.replace(/\r\n?/g, '\n').match(frontMatterRegex);
  if (!m) return undefined;
  let parsed = yaml.load(m[1], { schema: yaml.JSON_SCHEMA }) ?? {};
  parsed = typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  return parsed.title ? parsed.title.toString() : undefined;
}

async function mermaidView(file) {
  let text = readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const res = await mermaid.parse(text);
  if (!res || res.diagramType !== 'journey')
    throw new Error(`not a journey diagram (${res && res.diagramType})`);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text,
    { title: frontMatterTitle(text) });
  const db = diagram.db;
  const tasks = db.getTasks().map((t) => ({
    section: t.section, task: t.task, score: t.score, people: t.people,
  }));
  return {
    title: db.getDiagramTitle(), accTitle: db.getAccTitle(),
    accDescr: db.getAccDescription(), sections: db.getSections(), tasks,
  };
}

// What libcx means by a Mermaid view: texts trimmed (Mermaid keeps the
// spaces around a title or section name), the writer's U+200B before a
// task name dropped, tasks before any section in a section "Tasks".
function libcxView(v) {
  const out = {
    title: v.title.trim(), accTitle: v.accTitle.trim(),
    accDescr: v.accDescr.trim(), sections: v.sections.map((s) => s.trim()),
    tasks: v.tasks.map((t) => ({
      section: t.section.trim() === '' ? 'Tasks' : t.section.trim(),
      task: t.task.trim().replace(/^\u200b/, '').trim(),
      score: t.score, people: t.people,
    })),
  };
  if (v.tasks.some((t) => t.section === '')) out.sections.unshift('Tasks');
  return out;
}

// The writer's cleaning, from its documentation.
const controls = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/g;
const pct = (s) => s.replace(/%(?=%)/g, '%\u200b');
function cleanName(s, { title = false, actor = false } = {}) {
  s = s.replace(controls, ' ').replace(/;/g, '\uff1b').replace(/#/g, '\uff03');
  if (!title) s = s.replace(/:/g, '\uff1a');
  if (actor) s = s.replace(/,/g, '\uff0c');
  return pct(s).trim();
}
function cleanAcc(s, block) {
  s = s.replace(/#(?=\w+;)/g, '\uff03');
  if (block) {
    s = s.replace(/\r/g, '\n').replace(/\}/g, '\uff5d')
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]/g, ' ');
    return pct(s).trim().replace(/ +\n/g, '\n').replace(/\n\s+/g, '\n');
  }
  return pct(s.replace(controls, ' ')).trim();
}
function cleanJourney(j) {
  const d = j.accDescr.replace(/\r/g, '\n');
  const block = cleanAcc(d, true).includes('\n');
  return {
    title: cleanName(j.title, { title: true }), accTitle: cleanAcc(j.accTitle),
    accDescr: cleanAcc(d, block),
    sections: j.sections.map((s) => cleanName(s)),
    tasks: j.tasks.map((t) => ({
      section: cleanName(t.section), task: cleanName(t.task), score: t.score,
      people: [...new Set(t.people.map((p) => cleanName(p, { actor: true })))]
        .filter((p) => p !== ''),
    })),
  };
}

function differences(a, b, path = '') {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) ||
      a === null || b === null || typeof a !== 'object') {
    const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
    return same ? [] : [`${path || '.'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => differences(a[k], b[k], `${path}.${k}`));
}

const args = process.argv.slice(2);
let failed = 0;
if (args[0] === '--expect') {
  if (args.length !== 2) {
    console.error('usage: node check_parse.mjs --expect LINES.jsonl');
    process.exit(2);
  }
  const lines = readFileSync(args[1], 'utf8').split('\n').filter((l) => l);
  for (const line of lines) {
    const e = JSON.parse(line);
    let view;
    try {
      view = libcxView(await mermaidView(e.file));
    } catch (err) {
      console.log(`fail ${e.file}: Mermaid rejects it: ${String(err.message).split('\n').join(' | ')}`);
      failed++;
      continue;
    }
    const diffs = [];
    if (e.reread) diffs.push(...differences(view, e.reread).map((d) => `libcx read ${d}`));
    if (e.meant) diffs.push(...differences(view, cleanJourney(e.meant)).map((d) => `meant ${d}`));
    if (diffs.length) {
      console.log(`fail ${e.file}: Mermaid vs ${diffs.join('; ')}`);
      failed++;
    } else {
      console.log(`ok ${e.file}`);
    }
  }
  if (lines.length === 0) {
    console.log('fail: nothing to check');
    failed++;
  }
  process.exit(failed ? 1 : 0);
}

const dump = args[0] === '--dump';
const files = dump ? args.slice(1) : args;
if (files.length === 0) {
  console.error('usage: node check_parse.mjs [--dump] FILE... | --expect LINES.jsonl');
  process.exit(2);
}
for (const file of files) {
  try {
    const view = await mermaidView(file);
    if (dump) console.log(JSON.stringify({ file, ...view }));
    console.log(`ok ${file}`);
  } catch (e) {
    const first = String(e && e.message ? e.message : e).split('\n').join(' | ');
    console.log(`fail ${file}: ${first}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
