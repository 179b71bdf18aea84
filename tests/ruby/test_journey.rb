# frozen_string_literal: true

# Journey maps through the Ruby binding: editing, Enumerable, fields,
# validation, scores against values computed by hand from the formulas in
# docs/methodology/journey.md, pain points, diff, JSON, Mermaid, SVG.
require 'minitest/autorun'
require 'rexml/document'
require 'tmpdir'
require 'cx'

DATA = ENV.fetch('CX_EXAMPLES_DATA', 'examples/data')

# Two stages, four touchpoints on 1..5 (neutral 3); normalised scores
# -0.5, 0.5, 1, -1.
def sample
  j = CX::Journey.new('buy', title: 'Buying')
  j.add_actor('cust', 'Customer')
  j.add_actor('agent')
  look = j.add_stage('look', 'Looking')
  pay = j.add_stage('pay', 'Paying')
  look.add_touchpoint('search', 'Search', channel: 'web', score: 2, expectation: 4, experience: 2,
                                          importance: 3, reach: 100, duration: 1, actors: ['cust'])
  look.add_touchpoint('compare', 'Compare', channel: 'app', score: 4, expectation: 3, experience: 4, duration: 3)
  pay.add_touchpoint('checkout', 'Checkout', score: 5, expectation: 4, experience: 3, reach: 50,
                                             actors: %w[cust agent])
  pay.add_touchpoint('receipt', 'Receipt', score: 1, channel: 'email')
  j
end

class TestJourney < Minitest::Test
  # JSON entry points; skipped (visibly) while JSON is not in this build.
  def json
    yield
  rescue CX::StateError => e
    raise unless e.message.include?('not available')

    skip "journey JSON is not in this build: #{e.message}"
  end

  def test_build_iterate_fields
    j = sample
    assert_equal ['buy', 'Buying', [1.0, 3.0, 5.0]], [j.id, j.title, j.scale]
    assert_equal %w[look pay], j.map(&:id)
    assert_equal %w[search compare checkout receipt], j.touchpoints.map(&:id)
    assert_equal %w[Search Compare], j['look'].map(&:name)
    tp = j['search']
    assert_equal j['look'], tp.stage
    assert_equal [0, 'web', 2.0, 100.0], [tp.position, tp.channel, tp.score, tp.reach]
    assert_equal ['cust'], tp.actors.to_a
    assert tp.adequate.nan?
    tp.owner = 'brand-owned'
    tp.layer = 'backstage'
    tp.moment_of_truth = true
    tp.channel = 'kiosk'
    tp.pain_points << 'slow' << 'no filters'
    tp.set_metric('NPS', -20)
    assert_equal %w[brand backstage kiosk], [tp.owner, tp.layer, tp.channel]
    assert tp.moment_of_truth?
    assert tp.custom_channel?
    assert_equal ['slow', 'no filters'], tp.pain_points.to_a
    assert_equal({ 'NPS' => -20.0 }, tp.metrics)
    tp.pain_points.delete('slow')
    assert_equal ['no filters'], tp.pain_points.to_a
    tp.score = nil
    assert tp.score.nan?
    assert_equal %w[cust agent], j['checkout'].to_h[:actors]
    assert j.include?('look')
    refute j.include?('nope')
    assert_raises(CX::NotFound) { j['nope'] }
    assert_raises(ArgumentError) { j['look'].add_touchpoint('x', colour: 'red') }
    refute j.include?('x')
  end

  def test_edits_keep_ids
    j = sample
    j['receipt'].move(stage: 'look', position: 0)
    assert_equal %w[receipt search compare], j['look'].map(&:id)
    j['pay'].move(0)
    assert_equal %w[pay look], j.map(&:id)
    assert_raises(CX::StateError) { j['look'].remove }
    j['look'].remove(touchpoints: true)
    assert_equal ['checkout'], j.touchpoints.map(&:id)
    j.actor('cust').remove
    assert_equal ['agent'], j['checkout'].actors.to_a
    tp = j['checkout']
    tp.remove
    refute tp.exists?
    assert_raises(CX::NotFound) { tp.score }
    assert_raises(CX::InvalidArgument) { j.add_stage('pay') }
    assert_raises(CX::RangeError) { j['pay'].add_touchpoint('t').importance = -1 }
  end

  def test_scores_by_hand
    j = sample
    s = j.score
    assert_equal 4, s.n
    assert_equal 0.0, s.mean
    assert_equal [1.0, -1.0, -0.5, -1.0], [s.peak, s.trough, s.beginning, s.end]
    assert_equal(-1.0, s.most_intense) # a tie goes to the later touchpoint
    assert_in_delta 0.25, s.weighted_mean, 1e-12 # (1 x -0.5 + 3 x 0.5) / 4
    # least squares on t = 0, 1/3, 2/3, 1: Sxy = -1/6, Sxx = 5/9, slope -0.3
    assert_in_delta(-0.3, s.slope, 1e-12)
    assert_equal 0.0, s.success # (2-1)/4 * (4-1)/4 * 1 * 0
    assert_equal s.mean, s[:mean]
    assert_equal 2, j.score(stage: 'look').n
    assert_equal 2, j.score(actor: 'cust', unassigned_for_all: false).n
    assert_equal 4, j.score(actor: 'cust').n
    assert_raises(CX::InvalidArgument) { j.score(peak_end_weight: 2) }
    assert CX::Journey.new.score.undefined?
    assert_equal s, Marshal.load(Marshal.dump(s))
  end

  def test_gaps_pain_points_ending
    j = sample
    assert_equal [-2.0, 'unknown'], [j['search'].gap.gap, j['search'].gap.zone]
    # search: 2 x 3 x 100 = 600; checkout: 1 x 1 x 50 = 50
    assert_equal [[1, 'search', 600.0, -2.0], [2, 'checkout', 50.0, -1.0]],
                 j.pain_points.map { |p| [p.rank, p.id, p.priority, p.gap] }
    assert j['search'].pain_point?
    d = j.dropoff[1]
    assert_equal [50.0, 100.0, 50.0, 0.5], [d.reach, d.previous, d.drop, d.drop_share]
    assert j.ends_on_a_positive_note?
    j['receipt'].score = 2
    j['checkout'].score = 1 # pay -0.75 against a journey mean of -0.375
    e = j.ending
    assert e.flagged?
    assert_in_delta 0.375, e.shortfall, 1e-12
  end

  def test_validate
    j = sample
    assert j.valid?
    j['search'].score = 9
    j['compare'].adequate = 5
    j['compare'].desired = 2
    assert_equal [%w[out-of-scale touchpoint search score], %w[inverted-zone touchpoint compare adequate]],
                 j.validate.map { |p| [p.code, p.element, p.id, p.field] }
  end

  def test_diff
    before = sample
    after = before.dup
    assert_equal before, after
    after['search'].score = 4
    after['receipt'].remove
    after['pay'].add_touchpoint('thanks', 'Thank you', score: 5)
    d = before.diff(after)
    kinds = d.map { |c| [c.kind, c.id, c.field] }
    assert_includes kinds, %w[changed search score]
    assert_includes kinds, ['removed', 'receipt', '']
    assert_includes kinds, ['added', 'thanks', '']
    # after: 0.5, 0.5, 1, 1 -> mean 0.75
    assert_in_delta 0.75, d.score_changes[:mean], 1e-12
    assert before.diff(before.dup).empty?
  end

  def test_mermaid
    j = sample
    text = j.to_mermaid
    back = CX::Journey.from_mermaid(text)
    assert_equal 'Buying', back.title
    assert_equal [2.0, 4.0, 5.0, 1.0], back.touchpoints.map(&:score)
    doc = "journey\n  title T\n  section A\n    Go: 7: Me\n"
    e = assert_raises(CX::RangeError) { CX::Journey.from_mermaid(doc, name: 't.mmd') }
    assert_equal ['t.mmd', 4], [e.path, e.line]
    assert_equal 7.0, CX::Journey.from_mermaid(doc, lenient: true).touchpoints[0].score
    three = "journey\n  section A\n    Go: 3\n    Stay: 4\n    Leave: 2\n"
    e = assert_raises(CX::RangeError) { CX::Journey.from_mermaid(three, max_touchpoints: 2) }
    assert_equal [5, 5, 'Leave'], [e.line, e.column, e.value]
    assert_match(/max_touchpoints \(2\)/, e.message)
    assert_equal 3, CX::Journey.from_mermaid(three, max_touchpoints: 3).touchpoints.size
    Dir.mktmpdir do |dir|
      path = File.join(dir, 'buy.mmd')
      j.save(path)
      assert_equal 'Buying', CX::Journey.load(path).title
    end
  end

  def test_json
    j = sample
    text = json { j.to_json }
    back = CX::Journey.from_json(text)
    assert_equal j, back
    assert_equal text, back.to_json
    assert_equal j, Marshal.load(Marshal.dump(j))
    bad = text.sub('"score": 2', '"score": "two"')
    e = assert_raises(CX::ParseError) { CX::Journey.from_json(bad, name: 'buy.json') }
    assert_equal 'buy.json', e.path
    assert e.line > 1
    extra = text.sub('"title"', '"colour": "red", "title"')
    assert_includes CX::Journey.from_json(extra).to_json, '"colour"'
    assert_raises(CX::ParseError) { CX::Journey.from_json(extra, unknown: :reject) }
  end

  def test_sample_journeys
    %w[onboarding support offboarding].each do |name|
      j = json { CX::Journey.load(File.join(DATA, 'journeys', "#{name}.json")) }
      assert j.valid?, name
      assert j.score.n.positive?
    end
  end

  def test_svg
    j = sample
    j.title = '<script>alert(1)</script>'
    svg = j.to_svg
    REXML::Document.new(svg)
    refute_includes svg, '<script>'
    assert_includes svg, '&lt;script&gt;'
    assert_equal svg, j.to_svg
    assert_raises(CX::InvalidArgument) { j.to_svg(lanes: :sideways) }
    assert_match(/width="800"/, j.to_svg(width: 800, lanes: %i[touchpoints emotion]))
  end

  def test_gc_in_any_order
    rng = Random.new(7)
    5.times do
      j = sample
      tp = j['search']
      objs = [j, j['look'], j['compare'], j.actor('cust'), j.score, j.diff(j.dup), j.dup,
              tp.actors]
      j = nil
      objs.shuffle!(random: rng)
      until objs.empty?
        objs.pop
        GC.start
      end
      assert_equal 'Search', tp.name # the view kept its journey alive
    end
  end
end
