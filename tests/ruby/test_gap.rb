# frozen_string_literal: true

# Gap analysis through the Ruby binding, against hand-computed values (the
# same small survey as tests/python/test_gap.py, whose statistics are also
# checked against SciPy there).
require 'minitest/autorun'
require 'cx'

# Gaps P - E per item: a -1 1 -1 1; b 0 0 1 -4; c -2 1 -2 0.
E_ANS = [[5, 6, 7], [3, 4, 5], [5, 5, 5], [6, 6, 6]].freeze
P_ANS = [[4, 6, 5], [4, 4, 6], [4, 6, 3], [7, 2, 6]].freeze
ITEMS = [%w[a Item\ A d1], %w[b Item\ B d1], %w[c Item\ C d2]].freeze

def reference
  s = CX::GapSurvey.new(items: ITEMS)
  s.add_batch(expectation: E_ANS, perception: P_ANS)
end

def sd(xs)
  m = xs.sum.to_f / xs.size
  Math.sqrt(xs.sum { |x| (x - m)**2 } / (xs.size - 1))
end

class TestGap < Minitest::Test
  def test_items_and_servqual
    s = CX::GapSurvey.new(items: ITEMS, scale: CX::Scale.new(min: 1, max: 5))
    assert_equal %w[a b c], s.items
    assert_equal %w[d1 d2], s.dimensions
    assert_equal 5, s.scale.max
    assert_equal 2, s.find_item('c')
    assert_raises(CX::NotFound) { s.find_item('zz') }
    assert_raises(CX::InvalidArgument) { s.add_item('a') }
    q = CX::GapSurvey.servqual
    assert_equal 22, q.n_items # 4 + 5 + 4 + 4 + 5
    assert_equal %w[tangibles reliability responsiveness assurance empathy], q.dimensions
    assert_raises(CX::StateError) { q.declare_servqual }
  end

  def test_item_statistics_by_hand
    r = reference.result
    assert_equal %w[a b c], r.map(&:id)
    a = r['a']
    assert_equal 4, a.n
    assert_equal 0.0, a.mean
    assert_in_delta Math.sqrt(4.0 / 3), a.sd, 1e-12
    assert_in_delta 4.75, a.mean_e, 1e-12 # (5 + 3 + 5 + 6) / 4
    c = r['c']
    assert_in_delta(-0.75, c.mean, 1e-12)
    assert_in_delta 1.5, c.sd, 1e-12
    assert_in_delta(-0.75 / 0.75, c.t, 1e-12) # mean / (sd / 2)
    assert_equal 3.0, c.df
    assert_in_delta(-0.75 / 1.5, c.d_z, 1e-12)
    # t(0.975, 3) = 3.182446: interval -0.75 -/+ 3.182446 * 0.75
    assert_in_delta(-0.75 - 3.182446 * 0.75, c.ci_low, 1e-5)
    assert_in_delta sd([0, 0, 1, -4]), r['b'].sd, 1e-12
    # Holm: the adjusted p-values are monotone in the raw ones and >= them
    r.each { |row| assert row.p_t_holm >= row.p_t || row.p_t.nan? }
  end

  def test_dimensions_and_overall
    r = reference.result
    d1 = r.dimension('d1') # respondent gaps -0.5 0.5 0 -1.5
    assert_in_delta(-0.375, d1.mean, 1e-12)
    assert_in_delta sd([-0.5, 0.5, 0, -1.5]), d1.sd, 1e-12
    assert_in_delta(-0.5625, r.overall, 1e-12) # (-0.375 - 0.75) / 2
    assert_in_delta(-0.5, reference.result(overall: :items).overall, 1e-12)
    assert_equal 'wilcox', r.options[:zero_method]
    assert_raises(CX::InvalidArgument) { reference.result(zero_method: :drop) }
    assert_raises(CX::NotFound) { r.dimension('zz') }
  end

  def test_zone_ipa_and_weighted
    s = CX::GapSurvey.new(items: %w[a b])
    s.add_respondent(perception: [5, 4], adequate: [3, 3], desired: [6, 5], importance: [7, 2])
    s.add_respondent(perception: [2, 4], adequate: [4, 3], desired: [5, 5], importance: [6, 3])
    s.add_respondent(perception: [7, 4], adequate: [2, 6], desired: [3, 4], importance: [5, 1])
    r = s.result
    a = r['a']
    assert_equal [3, 1, 1, 1], [a.zot_n, a.zot_below, a.zot_within, a.zot_above]
    assert_in_delta 5.0 / 3, a.msa_mean, 1e-12 # P - A: 2, -2, 5
    assert_equal 1, r['b'].zot_inversions
    assert_equal 'keep up the good work', a.quadrant
    assert_equal 'low priority', r['b'].quadrant
    assert_in_delta 4.0, r.crosshair[:importance], 1e-12
    w = CX::GapSurvey.new(items: ITEMS)
    w.add_respondent(expectation: [4, 4, 5], perception: [4, 5, 4], dimension_points: { 'd1' => 60, 'd2' => 40 })
    w.add_respondent(expectation: [5, 5, 3], perception: [4, 4, 5], dimension_points: [50, 50])
    ws = w.result.weighted # -0.1 and 0.5
    assert_equal 2, ws.n
    assert_in_delta 0.2, ws.mean, 1e-12
  end

  def test_errors_leave_survey_unchanged
    s = reference
    before = s.serialize
    e = assert_raises(CX::RangeError) do
      s.add_respondent(expectation: [5, 5, 9], perception: [5, 5, 5], respondent: 'r17')
    end
    assert_match(/r17/, e.message)
    assert_equal(-4, e.status)
    bad = P_ANS.map(&:dup)
    bad[2][1] = 9
    assert_raises(CX::RangeError) { s.add_batch(expectation: E_ANS, perception: bad) }
    assert_raises(CX::InvalidArgument) { s.add_respondent(expectation: [5, 5], perception: [5, 5, 5]) }
    assert_raises(ArgumentError) { s.add_batch(expectation: E_ANS, perception: P_ANS[0, 3]) }
    assert_raises(CX::StateError) { s.add_item('late') }
    assert_equal before, s.serialize
  end

  def test_batch_equals_one_by_one_merge_marshal
    rng = Random.new(9)
    e = Array.new(100) { Array.new(3) { rng.rand < 0.05 ? nil : rng.rand(1..7) } }
    p = Array.new(100) { Array.new(3) { rng.rand(1..7) } }
    one = CX::GapSurvey.new(items: ITEMS)
    e.each_with_index { |row, i| one.add_respondent(expectation: row, perception: p[i]) }
    batch = CX::GapSurvey.new(items: ITEMS).add_batch(expectation: e, perception: p)
    assert_equal one.serialize, batch.serialize
    both = one + batch
    assert_equal 200, both.n_respondents
    assert_equal 100, one.n_respondents
    assert_raises(CX::StateError) { one.merge(CX::GapSurvey.new(items: %w[a b])) }
    back = Marshal.load(Marshal.dump(both))
    assert_equal both.serialize, back.serialize
    row = both.result['a']
    assert_equal row, Marshal.load(Marshal.dump(row))
    assert_raises(CX::ParseError) { CX::GapSurvey.deserialize(both.serialize[0...-2]) }
  end

  def test_charts_and_link
    r = reference.result
    svg = r.gap_svg(title: '<gaps>')
    assert svg.start_with?('<svg')
    assert_includes svg, '&lt;gaps&gt;'
    assert_equal svg, r.gap_svg(title: '<gaps>')
    assert r.ipa_svg(x_axis: :gap).start_with?('<svg')
    j = CX::Journey.new('j', scale: [1, 4, 7])
    st = j.add_stage('s')
    st.add_touchpoint('a')
    st.add_touchpoint('other')
    report = r.link_journey(j)
    assert_equal({ matched: ['a'], no_data: [], item_only: %w[b c], touchpoint_only: ['other'] }, report)
    assert_in_delta 4.75, j['a'].expectation, 1e-12
  end

  def test_read_csv
    text = "respondent,segment,item,dimension,expectation,perception\n" \
           "r1,x,a,d1,5,4\nr1,x,b,d1,6,6\nr2,y,a,d1,3,4\nr2,y,b,d1,4,n/a\n"
    s = CX::Gap.read_csv_buffer(text, name: 'g.csv')
    assert_equal %w[a b], s.items
    assert_equal 2, s.result['a'].n
    segs = CX::Gap.read_csv_segments_buffer(text)
    assert_equal ['x', 'y', nil], segs.keys
    assert_equal 1, segs['y'].n_respondents
    e = assert_raises(CX::ParseError) { CX::Gap.read_csv_buffer(text.sub('3,4', '3,four'), name: 'bad.csv') }
    assert_equal ['bad.csv', 4, 'four'], [e.path, e.line, e.value]
    assert_raises(CX::IOError) { CX::Gap.read_csv('/nonexistent/g.csv') }
  end

  def test_gc_in_any_order
    rng = Random.new(5)
    5.times do
      s = reference
      raw = CX.gap_result_compute(s, nil)
      stats = raw.item_row(1).gap
      objs = [s, s.result, raw, raw.item_row(0), raw.dimension_row(0), raw.weighted, s.dup,
              CX::GapSurvey.servqual]
      raw = nil
      objs.shuffle!(random: rng)
      until objs.empty?
        objs.pop
        GC.start
      end
      assert_equal 4, stats.n # the view kept its result alive
    end
  end
end
