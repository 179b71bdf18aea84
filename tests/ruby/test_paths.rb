# frozen_string_literal: true

# Event logs through the Ruby binding, against the five-case log worked out
# on paper in tests/c/test_paths.c and tests/c/test_paths_attribution.c
# (the derivations are repeated in tests/python/test_paths.py, which also
# checks random logs against pandas and NumPy), and graph-only logs
# against a full log fed the same random events.
require 'minitest/autorun'
require 'cx'

S = 1_000_000
# case, touchpoint, seconds, value, outcome, segment; D is the conversion.
# Paths: c1 ABCD, c2 ACD, c3 AB, c4 BABC, c5 ABCD.
HAND = [
  ['c1', 'A', 0, nil, 0, 'web'], ['c1', 'B', 60, nil, 0, 'web'], ['c1', 'C', 180, nil, 0, 'web'],
  ['c1', 'D', 300, 100.0, 1, 'web'], ['c2', 'A', 0, nil, 0, 'web'], ['c2', 'C', 120, nil, 0, 'web'],
  ['c2', 'D', 240, 50.0, 1, 'web'], ['c3', 'A', 0, nil, 0, 'shop'], ['c3', 'B', 30, nil, 0, 'shop'],
  ['c4', 'B', 0, nil, 0, 'shop'], ['c4', 'A', 60, nil, 0, 'shop'], ['c4', 'B', 120, nil, 0, 'shop'],
  ['c4', 'C', 150, nil, 0, 'shop'], ['c5', 'A', 0, nil, 0, 'web'], ['c5', 'B', 60, nil, 0, 'web'],
  ['c5', 'C', 180, nil, 0, 'web'], ['c5', 'D', 300, 100.0, 1, 'web']
].freeze
CHANNEL = { 'A' => 'web', 'B' => 'email', 'C' => 'web', 'D' => 'branch' }.freeze

def hand_log(order: nil, sorted_by_case: false, graph_only: false)
  log = CX::PathsLog.new(sorted_by_case: sorted_by_case, graph_only: graph_only)
  (order || (0...HAND.size)).each do |i|
    c, t, s, v, o, seg = HAND[i]
    log.add(c, t, s * S, value: v, outcome: o, segment: seg, channel: CHANNEL[t])
  end
  log
end

def hand_rows
  HAND.map do |c, t, s, v, o, seg|
    { case: c, touchpoint: t, timestamp: Time.at(s).utc, value: v, outcome: o == 1 ? 'conversion' : nil,
      segment: seg, channel: CHANNEL[t] }
  end
end

def abce_map
  j = CX::Journey.new('map')
  first = j.add_stage('s1', 'First')
  first.add_touchpoint('A', 'Ad')
  first.add_touchpoint('B', 'Brochure')
  second = j.add_stage('s2', 'Second')
  second.add_touchpoint('C', 'Call')
  second.add_touchpoint('E', 'Email')
  j
end

class TestPaths < Minitest::Test
  def test_graph_durations_and_variants_by_hand
    r = hand_log.result
    s = r.summary
    assert_equal [17, 5, 3, 250.0], [s.n_events, s.n_cases, s.n_converted, s.value]
    assert_equal [4, 2, 4, 5], [s.n_touchpoints, s.n_segments, s.n_variants, s.n_edges]
    # Durations 300, 240, 30, 150, 300.
    assert_equal [204.0, 240.0, 30.0, 300.0, true],
                 [s.duration_mean, s.duration_median, s.duration_min, s.duration_max, s.duration_exact]
    assert_in_delta 78.0, r.duration_quantile(0.1), 1e-9
    assert_in_delta 150.0, r.duration_quantiles([0.25])[0.25], 1e-9
    ab = r.find { |e| e.source == 'A' && e.target == 'B' }
    assert_equal [4, 0.8, 52.5, 60.0, 30.0, 60.0, true], [ab.count, ab.share, ab.mean, ab.median, ab.min, ab.max, ab.exact]
    assert_equal [%w[A B], %w[B C], %w[C D], %w[A C], %w[B A]], r.map { |e| [e.source, e.target] }
    assert_equal 5, r.count
    tps = r.touchpoints.to_h { |t| [t.name, [t.events, t.cases, t.starts, t.ends, t.channel]] }
    assert_equal({ 'A' => [5, 5, 4, 0, 'web'], 'B' => [5, 4, 1, 1, 'email'], 'C' => [4, 4, 0, 1, 'web'],
                   'D' => [3, 3, 0, 3, 'branch'] }, tps)
    v = r.variants
    assert_equal [%w[A B C D], %w[A B], %w[A C D], %w[B A B C]], v.map(&:path)
    assert_equal [[2, 2], [1, 0], [1, 1], [1, 0]], v.map { |x| [x.count, x.converted] }
    assert_equal [0.4, 200.0, 300.0], [v[0].share, v[0].value, v[0].mean_duration]
    assert_equal 2, r.variants(top: 2).size
    h = r.to_h
    assert_equal 5, h[:edges].size
    assert_equal 17, h[:summary][:n_events]
  end

  def test_funnels_by_hand
    log = hand_log
    f = log.funnel(%w[A B C D])
    assert_equal [5, 4, 3, 2], f.reached
    assert_equal [5, 4, 3, 2], f.map(&:reached)
    second = f.to_a[1]
    assert_equal [0.8, 1, 60.0, 52.5], [second.from_previous, second.dropoff, second.median_time, second.mean_time]
    assert_equal [0.75, 0.6, 180.0, 150.0], f.to_a[2].then { |s| [s.from_previous, s.from_first, s.median_time, s.mean_time] }
    assert_equal %w[web shop], f.segments
    assert_equal [3, 2, 2, 2], f['web'].map(&:reached)
    assert_equal [2, 2, 1, 0], f['shop'].map(&:reached)
    assert f['shop'][3].median_time.nan?
    assert_equal f.pooled, f[nil]
    assert_raises(CX::NotFound) { f['branch'] }
    assert_equal 12, f.rows.size
    assert_equal [5, 4, 1, 0], log.funnel('A,B,C,D', window: 100 * S).reached
    assert_equal [5, 4, 1, 0], log.funnel('A,B,C,D', window: '100s').reached
    assert_equal [5, 4, 3], log.funnel(%w[A B C], mode: :strict).reached
    assert_equal [5, 1, 1], log.funnel(%w[A C D], mode: 'strict').reached
    assert_equal [4, 4], log.funnel(%w[C A], mode: 'any-order').reached
    assert_equal 12.0, log.funnel(%w[A B], mode: :any_order).first.mean_time
    assert_raises(CX::InvalidArgument) { log.funnel(%w[A A]) }
    assert_raises(CX::InvalidArgument) { log.funnel(%w[A], mode: :sideways) }
    assert_raises(CX::InvalidArgument) { log.funnel(%w[A], window: 'soon') }
    assert_equal f, Marshal.load(Marshal.dump(f))
  end

  def test_attribution_by_hand
    r = hand_log.result
    a = r.attribution
    # x_A = 17/28, x_B = 4/7, P = 0.6; without A .09, without B .12,
    # without C 0.
    assert_in_delta 0.6, a.summary.p_conversion, 1e-12
    assert_equal [1, 4, 5, 3, 0, 250.0], a.summary.to_h.values_at(:order, :n_states, :n_paths, :n_conversions,
                                                                    :n_unattributed, :value)
    { 'A' => 0.85, 'B' => 0.8, 'C' => 1.0, 'D' => 0.0 }.each do |name, re|
      assert_in_delta re, a.removal_effects[name], 1e-12
      assert_in_delta 3 * re / 2.65, a[name].markov, 1e-12
    end
    assert_equal [3.0, 250.0], [a['A'].first_touch, a['A'].first_touch_value]
    assert_equal 3.0, a['C'].last_touch
    assert_in_delta 7.0 / 6, a['A'].linear, 1e-12
    assert_in_delta 3.0, a.sum(&:markov), 1e-12
    assert_equal 'A', a[0].name
    assert_raises(CX::NotFound) { a['Z'] }
    ch = r.attribution(by_channel: true)
    assert_equal true, ch.summary.by_channel
    assert_in_delta 1.0, ch['web'].removal_effect, 1e-12
    assert_in_delta 0.5, ch['email'].removal_effect, 1e-12
    assert_equal 2, r.attribution(order: 2).summary.order
    assert_raises(CX::InvalidArgument) { r.attribution(order: 7) }
    assert_raises(CX::RangeError) { r.attribution(max_states: 2) }
    assert_equal a, Marshal.load(Marshal.dump(a))
  end

  def test_conformance_by_hand
    r = hand_log.result
    j = abce_map
    c = r.conformance(j)
    s = c.summary
    assert_equal [5, 5, 4, 0.8, 1, 3, 3],
                 [s.cases, s.on_map, s.following, s.share_following, s.with_skips, s.with_unexpected,
                  s.unexpected_events]
    assert_equal({ 'A' => [5, 0, 0], 'B' => [4, 1, 1], 'C' => [4, 0, 4], 'E' => [0, 0, 0] },
                 c.map { |t| [t.id, [t.reach, t.skipped, t.dropoff]] }.to_h)
    assert_equal 0.25, c['B'].dropoff_share
    assert c['E'].dropoff_share.nan?
    assert_equal [['D', 3, 3]], c.unexpected.map { |u| [u.name, u.events, u.cases] }
    assert_same j, c.apply(j)
    assert_equal 4.0, j['B'].reach
    assert_in_delta 0.25, j['B'].metrics['observed_dropoff_share'], 1e-12
    back = Marshal.load(Marshal.dump(c))
    assert_equal c, back
    assert_raises(CX::InvalidArgument) { back.apply(j) }
    assert_raises(CX::InvalidArgument) { r.conformance(CX::Journey.new('empty')) }
  end

  def test_graph_export
    r = hand_log.result
    dot = r.to_dot(title: 'Hand')
    assert dot.start_with?('digraph')
    assert_operator dot.scan('->').size, :>=, 5
    assert_operator r.to_dot(min_count: 2).scan('->').size, :<, dot.scan('->').size
    svg = r.to_svg(title: '<Hand>')
    assert svg.start_with?('<svg')
    assert_includes svg, '&lt;Hand&gt;'
    assert_equal svg, r.to_svg(title: '<Hand>')
  end

  def test_rows_batches_and_orders_agree
    want = hand_log.result.summary
    assert_equal want, hand_log(order: (0...HAND.size).map { |i| (i * 7) % HAND.size }).result.summary
    streamed = hand_log(sorted_by_case: true)
    assert streamed.sorted_by_case?
    assert_equal 4, streamed.n_pending
    assert_equal want, streamed.result.summary
    rows = CX::PathsLog.new.add_rows(hand_rows)
    assert_equal want, rows.result.summary
    assert_equal hand_log.channels, rows.channels
    # Integer codes with dictionaries in another order.
    names = %w[D C B A]
    codes = CX::PathsLog.new
    codes.add_batch(cases: HAND.map { |c, *| Integer(c[1..]) }, touchpoints: HAND.map { |_, t, *| names.index(t) },
                    timestamps: HAND.map { |_, _, s, *| s * S }, values: HAND.map { |r| r[3] },
                    outcomes: HAND.map { |r| r[4] }, segments: HAND.map { |r| r[5] == 'web' ? 0 : 1 },
                    touchpoint_names: names, segment_names: %w[web shop])
    assert_equal want, codes.result.summary
    assert_equal hand_log.funnel('A,B,C,D'), codes.funnel('A,B,C,D')
    # Text ids keep their codes across batches, also through Marshal.
    [false, true].each do |sorted|
      log = CX::PathsLog.new(sorted_by_case: sorted)
      log.add_rows(hand_rows[0, 2])
      log.add_rows(hand_rows[2, 7])
      log.add_rows(hand_rows[9..])
      assert_equal want, log.result.summary
    end
    log = CX::PathsLog.new.add_rows(hand_rows[0, 15])
    back = Marshal.load(Marshal.dump(log))
    back.add_rows(hand_rows[15..])
    assert_equal want, back.result.summary
    assert_raises(CX::StateError) { back.add_batch(cases: [1], touchpoints: ['A'], timestamps: [0]) }
    assert_raises(CX::StateError) { hand_log.add_batch(cases: [1], touchpoints: ['A'], timestamps: [0]) }
  end

  def test_merge_and_marshal
    whole = hand_log.result.summary
    web = CX::PathsLog.new.add_rows(hand_rows.select { |r| r[:segment] == 'web' })
    shop = CX::PathsLog.new.add_rows(hand_rows.reject { |r| r[:segment] == 'web' })
    assert_equal whole, (web + shop).result.summary
    assert_equal 11, web.size
    web.merge(shop)
    assert_equal 17, web.size
    log = hand_log
    data = log.serialize
    assert_equal data, CX::PathsLog.deserialize(data).serialize
    assert_equal data, Marshal.load(Marshal.dump(log)).serialize
    assert_equal data, log.dup.serialize
    assert_raises(CX::ParseError) { CX::PathsLog.deserialize(data[0...-3]) }
    assert_raises(CX::StateError) { hand_log(sorted_by_case: true).funnel('A,B') }
    declared = CX::PathsLog.new(sorted_by_case: true).declare_funnel('A,B,C,D')
    HAND.each { |c, t, s, v, o, seg| declared.add(c, t, s * S, value: v, outcome: o, segment: seg) }
    assert_equal [5, 4, 3, 2], declared.funnel('A,B,C,D').reached
    flushed = hand_log.flush
    assert_equal [0, 17], [flushed.n_pending, flushed.n_events]
    assert_raises(CX::StateError) { flushed.funnel('A,B') }
    assert_raises(CX::InvalidArgument) { log.merge(log) }
  end

  def test_errors_with_fields
    coded = CX::PathsLog.new.add_batch(cases: [1], touchpoints: [0], timestamps: [0], touchpoint_names: ['A'])
    kept = coded.serialize
    e = assert_raises(CX::RangeError) do
      coded.add_batch(cases: [9, 9, 9], touchpoints: [0, 1, 5], timestamps: [0, 1, 2], touchpoint_names: %w[A B])
    end
    assert_match(/row 2/, e.message)
    assert_equal(-4, e.status)
    assert_equal kept, coded.serialize
    log = hand_log
    assert_raises(CX::InvalidArgument) { log.add('c9', 'A', 0, outcome: 2) }
    assert_raises(CX::InvalidArgument) { log.add('c9', 'A', 0, outcome: 'maybe') }
    assert_raises(CX::InvalidArgument) { log.add('c9', 'A', 0, value: Float::INFINITY, outcome: 1) }
    assert_raises(CX::InvalidArgument) { log.add('', 'A', 0) }
    assert_raises(ArgumentError) { log.add_batch(cases: [1, 2], touchpoints: [0], timestamps: [0, 1]) }
    assert_raises(TypeError) { log.add('c9', 'A', 1.5) }
    assert_equal 17, log.n_events
    assert_raises(CX::NotFound) { log.find_touchpoint('Z') }
    assert_equal 2, log.find_touchpoint('C')
    small = CX::PathsLog.new(max_touchpoints: 2)
    small.add('a', 'x', 0).add('a', 'y', 1)
    assert_raises(CX::RangeError) { small.add('a', 'z', 2) }
    text = "case,touchpoint,timestamp,outcome\nc1,A,2024-01-01T00:00:00Z,\n" \
           "c1,B,2024-01-01T00:05:00Z,conversion\nc2,A,2024-02-30T00:00:00Z,\n"
    e = assert_raises(CX::ParseError) { CX::Paths.read_csv_buffer(text, name: 'events.csv') }
    assert_equal ['events.csv', 4, 6], [e.path, e.line, e.column] # byte column: "c2,A," is 5 bytes
    assert_includes e.value, '2024-02-30'
    e = assert_raises(CX::ParseError) { CX::Paths.read_csv_buffer(text.sub('conversion', 'perhaps')) }
    assert_equal [3, 'perhaps'], [e.line, e.value]
    assert_raises(CX::IOError) { CX::Paths.read_csv('/nonexistent/events.csv') }
    assert_raises(ArgumentError) { CX::Paths.read_csv_buffer(text, colour: 'red') }
    assert_raises(CX::InvalidArgument) { CX::Paths.read_csv_buffer(text, delimiter: ';;') }
    assert_raises(CX::ParseError) { CX::Paths.parse_timestamp('2023-02-30') }
  end

  def test_csv_options_timestamps_and_sample
    text = "who;what;when;gain\nc1;A;0;\nc1;B;60;\nc1;D;300;100\nc2;A;0;\nc2;C;120;\n"
    log = CX::Paths.read_csv_buffer(text, delimiter: ';', case_column: 'who', touchpoint_column: 'what',
                                          timestamp_column: 'when', value_column: 'gain', time_format: :s,
                                          conversion_touchpoint: 'D')
    s = log.result.summary
    assert_equal [5, 2, 1, 100.0, 300.0], [s.n_events, s.n_cases, s.n_converted, s.value, s.duration_max]
    assert_equal(-500_000, CX::Paths.parse_timestamp('1969-12-31T23:59:59.5Z'))
    assert_equal 1_700_000_000_123_000, CX::Paths.parse_timestamp('1700000000123', format: :ms)
    assert_equal 1_700_000_000 * S, CX::Paths.to_microseconds(Time.utc(2023, 11, 14, 22, 13, 20))
    assert_equal 1_700_000_000 * S, CX::Paths.to_microseconds('2023-11-14T23:13:20+01:00')
    path = File.join(ENV.fetch('CX_EXAMPLES_DATA', 'examples/data'), 'events', 'onboarding_events.csv')
    skip 'sample event log missing' unless File.exist?(path)

    sample = CX::Paths.read_csv(path)
    assert_equal 'app', sample.channels['video-ident']
    assert_equal %w[retail small-business student], sample.segments.sort
    r = sample.result
    # Every case's events counted once: events minus cases transitions.
    assert_equal r.summary.n_events - r.summary.n_cases, r.sum(&:count)
    assert_equal r.summary.n_cases, r.variants.sum(&:count)
  end

  def test_low_level_api
    log = CX::PathsLog.new
    assert_equal 0, log.add_touchpoint('A', 'web')
    assert_equal 0, log.add_touchpoint('A', 'email')
    assert_equal ['web', 1], [log.touchpoint_channel(0), log.n_touchpoints]
    assert_nil log.touchpoint_name(5)
    assert_equal 0, log.add_segment('north')
    assert_equal ['north', 1], [log.segment_name(0), log.n_segments]
    log.add('c1', 'A', 0, segment: 'north')
    log.add('c1', 'B', S, outcome: CX::PATHS_OUTCOME_CONVERSION)
    assert_equal [2, 2], [log.n_events, log.n_pending]
    assert_equal({ sorted_by_case: false, max_cases: 0, max_touchpoints: 100_000, graph_only: false }, log.options)
    r = CX::PathsResult.new(log)
    assert_equal [1, 1, 1, 'B'], [r.n_edges, r.n_variants, r.variant_step(0, 1), r.touchpoint_name(1)]
    assert_equal CX::PATHS_NO_STEP, r.variant_step(0, 2)
    assert_equal [0, 1], [r.edge(0).from_index, r.edge(0).to_index]
    assert_raises(CX::NotFound) { r.edge(1) }
    f = CX.paths_funnel_compute(log, %w[A B], CX::PATHS_FUNNEL_STRICT, 0)
    assert_equal [2, 1, 'north'], [f.n_steps, f.n_segments, f.segment_name(0)]
    assert_equal 1, f.step_get(CX::PATHS_ALL, 1).reached
    a = CX.paths_attribution_compute(r, 1, 0, 0)
    assert_equal [2, 1, 'A'], [a.n_channels, a.summary_get.n_conversions, a.channel(0).name]
    j = CX::Journey.new('m')
    j.add_stage('s').add_touchpoint('A')
    c = CX.paths_conformance_compute(r, j)
    assert_equal [1, 1, 'A', 'B', 1], [c.n_touchpoints, c.n_unexpected, c.touchpoint_get(0).id,
                                       c.unexpected_get(0).name, c.summary_get.following]
    c.apply(j)
    assert_equal 1.0, j['A'].reach
    assert_equal 'any-order', CX.paths_funnel_mode_name(2)
    assert_match(/2 events/, log.inspect)
  end

  def test_gc_in_any_order
    rng = Random.new(11)
    5.times do
      log = hand_log
      r = log.result
      j = abce_map
      raw_a = CX.paths_attribution_compute(r, 1, 0, 0)
      credit = raw_a.channel(0)
      edge = r.edge(0)
      objs = [log, r, j, raw_a, CX.paths_funnel_compute(log, %w[A B], 0, 0), CX.paths_conformance_compute(r, j),
              r.touchpoint(0), r.conformance(j), log.dup, log.funnel('A,B'), r.attribution,
              CX::PathsLog.new(sorted_by_case: true), CX::PathsLog.new(graph_only: true)]
      log = r = j = raw_a = nil
      objs.shuffle!(random: rng)
      until objs.empty?
        objs.pop
        GC.start
      end
      assert_equal %w[A A B], [credit.name, edge.from_name, edge.to_name] # views kept their owners
    end
  end
end

# Random events for the graph-only tests: +cases+ cases of 1-8 events over
# seven touchpoints, times increasing within each case (equal now and
# then), some ending in a conversion; the cases interleaved at random,
# each keeping its own order.
def random_events(seed, cases: 300)
  rng = Random.new(seed)
  queues = (0...cases).map do |c|
    t = rng.rand(-10_000..10_000) * S
    rows = (0...rng.rand(1..8)).map do
      t += [0, 1, 7, 60, 3600].sample(random: rng) * S
      { case: c, touchpoint: "t#{rng.rand(7)}", timestamp: t, value: nil, outcome: 0 }
    end
    if rng.rand < 0.4
      rows << { case: c, touchpoint: 'buy', timestamp: t + (rng.rand(100) * S), value: rng.rand(1..99).to_f,
                outcome: 1 }
    end
    rows
  end
  out = []
  until queues.empty?
    i = rng.rand(queues.size)
    out << queues[i].shift
    queues.delete_at(i) if queues[i].empty?
  end
  out
end

# A graph-only log's result equals a full log's but for the variants.
def assert_same_graph(full, graph)
  a = full.result
  b = graph.result
  sa = a.summary.to_h
  sb = b.summary.to_h
  assert_operator sa.delete(:n_variants), :>, 0
  assert_equal 0, sb.delete(:n_variants)
  assert_in_delta sa.delete(:value), sb.delete(:value), 1e-9
  assert_equal sa, sb
  assert_equal a.edges.map(&:to_h), b.edges.map(&:to_h)
  assert_equal(a.touchpoints.to_h { |t| [t.name, t.to_h.except(:index)] },
               b.touchpoints.to_h { |t| [t.name, t.to_h.except(:index)] })
  assert_equal a.duration_quantiles, b.duration_quantiles
  assert_empty b.variants
end

class TestPathsGraphOnly < Minitest::Test
  def test_by_hand
    # Every case in time order, the cases interleaved by time.
    log = hand_log(order: (0...HAND.size).sort_by { |i| [HAND[i][2], i] }, graph_only: true)
    assert log.graph_only?
    refute log.sorted_by_case?
    assert_equal({ sorted_by_case: false, max_cases: 0, max_touchpoints: 100_000, graph_only: true }, log.options)
    assert_equal [17, 0], [log.size, log.n_pending]
    assert_match(/graph only>\z/, log.inspect)
    r = log.result
    s = r.summary
    assert_equal [17, 5, 3, 250.0], [s.n_events, s.n_cases, s.n_converted, s.value]
    assert_equal [4, 2, 0, 5], [s.n_touchpoints, s.n_segments, s.n_variants, s.n_edges]
    assert_equal [204.0, 240.0, 30.0, 300.0], [s.duration_mean, s.duration_median, s.duration_min, s.duration_max]
    ab = r.first
    assert_equal ['A', 'B', 4, 0.8, 52.5, 60.0, 30.0, 60.0],
                 [ab.source, ab.target, ab.count, ab.share, ab.mean, ab.median, ab.min, ab.max]
    assert_equal [['A', 'B', 4], ['B', 'C', 3], ['C', 'D', 3], ['A', 'C', 1], ['B', 'A', 1]],
                 r.map { |e| [e.source, e.target, e.count] }
    tps = r.touchpoints.to_h { |t| [t.name, [t.events, t.cases, t.starts, t.ends, t.channel]] }
    assert_equal({ 'A' => [5, 5, 4, 0, 'web'], 'B' => [5, 4, 1, 1, 'email'], 'C' => [4, 4, 0, 1, 'web'],
                   'D' => [3, 3, 0, 3, 'branch'] }, tps)
    assert_empty r.variants
    assert r.to_svg.start_with?('<svg')
  end

  def test_matches_full_log
    [4, 5, 6].each do |seed|
      rows = random_events(seed)
      full = CX::PathsLog.new.add_rows(rows)
      # Integer case codes in batches that split cases.
      coded = CX::PathsLog.new(graph_only: true)
      rows.each_slice(97) { |part| coded.add_rows(part) }
      assert_same_graph(full, coded)
      # Text ids, also split: each id keeps its code across the batches.
      text = rows.map { |r| r.merge(case: "id#{r[:case]}") }
      named = CX::PathsLog.new(graph_only: true)
      text.each_slice(113) { |part| named.add_rows(part) }
      assert_same_graph(full, named)
      # One event at a time.
      single = CX::PathsLog.new(graph_only: true)
      rows.each do |r|
        single.add("c#{r[:case]}", r[:touchpoint], r[:timestamp], value: r[:value], outcome: r[:outcome])
      end
      assert_same_graph(full, single)
    end
  end

  def test_refuses_events_out_of_time_order
    log = CX::PathsLog.new(graph_only: true)
    log.add('x', 'A', 100 * S).add('y', 'B', 50 * S)
    assert_raises(CX::InvalidArgument) { log.add('x', 'B', 99 * S) }
    assert_equal [2, 0], [log.size, log.result.n_edges]
    log.add('x', 'B', 100 * S) # equal times are in order
    assert_equal [3, 1], [log.size, log.result.n_edges]
    assert_equal 2, CX::PathsLog.new.add('x', 'A', 100).add('x', 'B', 99).size
    # A batch with a late row adds nothing, not even its new names.
    coded = CX::PathsLog.new(graph_only: true).add_batch(cases: [7, 8], touchpoints: %w[A B],
                                                         timestamps: [10 * S, 5 * S])
    before = coded.serialize
    late = { cases: [7, 9, 7, 8], touchpoints: %w[B C D A], timestamps: [20, 30, 15, 6].map { |s| s * S } }
    e = assert_raises(CX::InvalidArgument) { coded.add_batch(**late) }
    assert_match(/row 2/, e.message)
    assert_equal before, coded.serialize
    assert_equal %w[A B], coded.touchpoints
    assert_equal 4, CX::PathsLog.new.add_batch(**late).size
    # Refused events with new names, channels and segments add none of
    # them: integer codes, rows with a channel, text ids.
    assert_raises(CX::InvalidArgument) { coded.add(8, 'New', 1 * S, segment: 'new-seg', channel: 'web') }
    assert_raises(CX::InvalidArgument) do
      coded.add_rows([{ case: 8, touchpoint: 'Newer', timestamp: 2 * S, channel: 'email' }])
    end
    assert_equal before, coded.serialize
    assert_equal [%w[A B], []], [coded.touchpoints, coded.segments]
    named = CX::PathsLog.new(graph_only: true).add('x', 'A', 100 * S)
    kept = named.serialize
    assert_raises(CX::InvalidArgument) { named.add('x', 'New', 99 * S, segment: 's', channel: 'web') }
    assert_equal kept, named.serialize
    # Taken events keep their channels.
    coded.add(8, 'New', 9 * S, channel: 'web')
    assert_equal 'web', coded.channels['New']
    # The CSV reader: a parse error at the late line, the log unchanged.
    text = "case,touchpoint,timestamp\na,web,2024-01-01T00:00:00Z\na,phone,2024-01-01T00:01:00Z\n" \
           "a,branch,2024-01-01T00:00:59Z\n"
    e = assert_raises(CX::ParseError) { CX::Paths.read_csv_buffer(text, name: 'late.csv', graph_only: true) }
    assert_equal ['late.csv', 4], [e.path, e.line]
    assert_match(/time order/, e.message)
    kept = CX::Paths.read_csv_buffer("case,touchpoint,timestamp\nb,web,2024-01-01T00:00:00Z\n", graph_only: true)
    before = kept.serialize
    assert_raises(CX::ParseError) { kept.read_csv_buffer(text) }
    assert_equal before, kept.serialize
    assert_equal 3, CX::Paths.read_csv_buffer(text).size
  end

  def test_refuses_what_needs_paths
    assert_raises(CX::InvalidArgument) { CX::PathsLog.new(sorted_by_case: true, graph_only: true) }
    text = "case,touchpoint,timestamp\na,web,0\na,app,5\n"
    assert_raises(CX::InvalidArgument) { CX::Paths.read_csv_buffer(text, sorted_by_case: true, graph_only: true) }
    assert_raises(CX::InvalidArgument) { CX::Paths.read_csv_buffer(text, log: CX::PathsLog.new, graph_only: true) }
    into = CX::PathsLog.new(graph_only: true)
    assert_same into, CX::Paths.read_csv_buffer(text, log: into, graph_only: true)
    log = hand_log(graph_only: true)
    assert_raises(CX::StateError) { log.funnel('A,B') }
    assert_raises(CX::StateError) { log.declare_funnel('A,B') }
    r = log.result
    e = assert_raises(CX::StateError) { r.attribution }
    assert_match(/graph-only/, e.message)
    assert_raises(CX::StateError) { r.conformance(abce_map) }
    full = hand_log
    before = [log.serialize, full.serialize]
    assert_raises(CX::StateError) { log.merge(full) }
    assert_raises(CX::StateError) { full.merge(log) }
    assert_raises(CX::StateError) { full + log }
    assert_equal before, [log.serialize, full.serialize]
  end

  def test_merge_marshal_and_bytes
    whole = CX::PathsLog.new(graph_only: true).add_rows(hand_rows)
    web = CX::PathsLog.new(graph_only: true).add_rows(hand_rows.select { |r| r[:segment] == 'web' })
    shop = CX::PathsLog.new(graph_only: true).add_rows(hand_rows.reject { |r| r[:segment] == 'web' })
    both = web + shop
    assert both.graph_only?
    assert_equal whole.result.summary, both.result.summary
    assert_equal whole.result.edges, both.result.edges
    assert_same_graph(hand_log, both)
    # Marshalled half-way through c5: the copy keeps c5's code and its
    # last time.
    back = Marshal.load(Marshal.dump(CX::PathsLog.new(graph_only: true).add_rows(hand_rows[0, 15])))
    assert back.graph_only?
    back.add_rows(hand_rows[15..])
    assert_equal whole.result.summary, back.result.summary
    late = hand_rows[16].merge(timestamp: hand_rows[16][:timestamp] - 1)
    assert_raises(CX::InvalidArgument) { back.add_rows([late]) }
    data = whole.serialize
    again = CX::PathsLog.deserialize(data)
    assert again.graph_only?
    assert_equal data, again.serialize
    assert whole.dup.graph_only?
  end

  def test_sample_event_log
    path = File.join(ENV.fetch('CX_EXAMPLES_DATA', 'examples/data'), 'events', 'onboarding_events.csv')
    skip 'sample event log missing' unless File.exist?(path)

    full = CX::Paths.read_csv(path)
    graph = CX::Paths.read_csv(path, graph_only: true)
    assert_same_graph(full, graph)
    assert_equal full.channels, graph.channels
  end
end
