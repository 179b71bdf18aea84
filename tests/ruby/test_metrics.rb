# frozen_string_literal: true

# NPS, CSAT and CES through the Ruby binding, against the values counted by
# hand in tests/python/test_metrics.py (docs/methodology/metrics.md).
require 'minitest/autorun'
require 'cx'

# 5 promoters, 3 passives, 2 detractors: p 0.5, d 0.2, NPS 0.3,
# variance 0.7 - 0.09 = 0.61, SE sqrt(0.061) = 0.246981,
# Wald 0.3 -/+ 1.959964 SE = (-0.184075, 0.784075); adjusted centre 3/13.
NPS_SCORES = [9, 10, 9, 10, 9, 7, 8, 7, 0, 6].freeze

def nps_reference
  s = CX::MetricSurvey.nps
  NPS_SCORES.each { |x| s.add(x) }
  s
end

class TestMetrics < Minitest::Test
  def test_nps_worked_example
    r = nps_reference.compute
    assert_equal [10, 10.0, 10.0], [r.n_raw, r.n, r.n_effective]
    assert_equal [5.0, 3.0, 2.0], [r.promoters, r.passives, r.detractors]
    assert_in_delta 0.3, r.nps, 1e-12
    assert_in_delta 0.61, r.variance, 1e-12
    assert_in_delta 0.246981, r.se, 1e-6
    assert_in_delta(-0.184075, r.wald_lo, 1e-6)
    assert_in_delta 0.784075, r.wald_hi, 1e-6
    assert_in_delta 3.0 / 13, r.adjusted_nps, 1e-12
    assert_in_delta(-0.190506, r.adjusted_lo, 1e-6)
    assert_in_delta 0.652045, r.adjusted_hi, 1e-6
    assert_in_delta 7.5, r.mean_score, 1e-12
    assert_equal 3.0, r.counts[9]
    assert_equal 1, r.counts_raw[0]
    assert r.bootstrap_lo < 0.3 && r.bootstrap_hi > 0.3
    refute r.percent?
    pct = nps_reference.compute(percent: true, bootstrap: 0)
    assert_in_delta 30.0, pct.nps, 1e-9
    assert_in_delta 6100.0, pct.variance, 1e-6
    assert pct.bootstrap_lo.nan?
  end

  def test_undefined_and_options
    s = CX::MetricSurvey.nps
    assert s.compute.nps.nan?
    10.times { s.add(10) }
    r = s.compute(bootstrap: 0)
    assert_equal 1.0, r.nps
    assert r.wald_lo.nan? # zero variance
    assert_in_delta 10.0 / 13, r.adjusted_nps, 1e-12
    assert_in_delta 1.644854, nps_reference.compute(confidence: 0.9, bootstrap: 0).z, 1e-6
    assert_raises(CX::InvalidArgument) { s.compute(confidence: 1.5) }
    assert_raises(CX::InvalidArgument) { s.compute(bootstrap: -1) }
  end

  def test_weights_and_codes
    s = CX::MetricSurvey.nps(scale: CX::Scale.new(min: 0, max: 10, na_code: 98, dk_code: 99))
    s.add(10, weight: 2.0).add(0).add(8).add(nil).add(98).add(99).add(99)
    r = s.compute(bootstrap: 0)
    # n 4, p .5, d .25: NPS .25, var .6875, n_eff 16/6, SE sqrt(.6875 * 6 / 16)
    assert_equal [3, 1, 1, 2], [r.n_raw, r.n_missing, r.n_not_applicable, r.n_dont_know]
    assert_in_delta 8.0 / 3, r.n_effective, 1e-12
    assert_in_delta 0.25, r.nps, 1e-12
    assert_in_delta 0.507752, r.se, 1e-6
  end

  def test_csat_and_ces
    s = CX::MetricSurvey.csat
    s.add_many([1, 2, 3, 3, 4, 4, 4, 5, 5, 5])
    top = s.compute(method: :top2box)
    assert_in_delta 0.6, top.value, 1e-12
    assert_in_delta 0.31267, top.lo, 1e-5 # Wilson, 6 of 10
    assert_in_delta 0.83182, top.hi, 1e-5
    mean = s.compute(method: 'mean')
    assert_in_delta 3.6, mean.mean, 1e-12
    assert_in_delta 1.34990, mean.sd, 1e-5 # sqrt(16.4 / 9)
    assert_in_delta 2.63434, mean.lo, 1e-5 # t(0.975, 9) = 2.26216
    assert_raises(CX::InvalidArgument) { s.compute }
    v2 = CX::MetricSurvey.ces(2)
    v2.add_many([7, 6, 5, 4, 2])
    r = v2.compute
    assert_in_delta 4.8, r.mean, 1e-12
    assert_in_delta 1.923538, r.sd, 1e-6 # sqrt(14.8 / 4)
    assert_in_delta 0.6, r.share_easy, 1e-12
    v1 = CX::MetricSurvey.ces(1)
    v1.add_many([1, 2, 3, 4])
    r = v1.compute
    assert_equal [1, 'higher_is_worse'], [r.ces_version, r.direction]
    assert_in_delta 0.5, r.share_easy, 1e-12
    assert_raises(CX::InvalidArgument) { CX::MetricSurvey.new(:ces) }
  end

  def test_segments_result_and_diff
    s = CX::MetricSurvey.nps(segments: %w[a b])
    [9, 9, 9, 0].each { |x| s.add(x, segment: 'a') }
    [9, 7, 0, 0].each { |x| s.add(x, segment: 'b') }
    res = s.result(bootstrap: 0)
    assert_equal %w[a b], res.map(&:segment)
    assert_in_delta 0.5, res['a'].nps, 1e-12
    assert_in_delta(-0.25, res[1].nps, 1e-12)
    assert_in_delta 0.125, res[nil].nps, 1e-12
    assert_raises(CX::NotFound) { res['c'] }
    se = Math.sqrt(0.75 / 4 + 0.6875 / 4)
    [s.nps_diff('a', 'b', bootstrap: 0), res.diff('a', 'b'), res['a'] - res['b']].each do |d|
      assert_in_delta 0.75, d.difference, 1e-12
      assert_in_delta se, d.se, 1e-12
      assert_in_delta 0.75 - 1.959964 * se, d.lo, 1e-6
      assert_in_delta Math.erfc(0.75 / se / Math.sqrt(2)), d.p_value, 1e-6
    end
  end

  def test_errors_leave_survey_unchanged
    s = CX::MetricSurvey.nps
    s.add(9)
    before = s.serialize
    e = assert_raises(CX::RangeError) { s.add(11, respondent: 'r42') }
    assert_match(/r42/, e.message)
    assert_equal(-4, e.status)
    assert_raises(CX::RangeError) { s.add(7.5) }
    assert_raises(CX::RangeError) { s.add_batch([9, 10, 12]) }
    assert_raises(CX::StateError) { s.add_segment('late') }
    assert_raises(ArgumentError) { s.add_batch([9, 9], segment: [0]) }
    assert_equal before, s.serialize
  end

  def test_merge_marshal_and_plus
    a = CX::MetricSurvey.nps(segments: ['x'])
    b = CX::MetricSurvey.nps(segments: %w[y x])
    a.add(9, segment: 'x')
    b.add(0, segment: 'x').add(10, segment: 'y')
    c = a + b
    assert_equal %w[x y], c.segments
    assert_equal ['x'], a.segments
    assert_in_delta 1.0 / 3, c.compute(bootstrap: 0).nps, 1e-12
    assert_raises(CX::InvalidArgument) { a.merge(CX::MetricSurvey.csat) }
    back = Marshal.load(Marshal.dump(c))
    assert_equal c.serialize, back.serialize
    row = c.compute(bootstrap: 0)
    assert_equal row, Marshal.load(Marshal.dump(row))
    data = c.serialize.dup
    assert_raises(CX::ParseError) { CX::MetricSurvey.deserialize(data[0...-3]) }
  end

  def test_batch_equals_one_by_one
    rng = Random.new(5)
    scores = Array.new(500) { rng.rand < 0.05 ? nil : rng.rand(11) }
    segs = Array.new(500) { rng.rand(3) }
    weights = Array.new(500) { (rng.rand(4) + 1) / 4.0 }
    one = CX::MetricSurvey.nps(segments: %w[a b c])
    scores.each_with_index { |x, i| one.add(x, segment: segs[i], weight: weights[i]) }
    batch = CX::MetricSurvey.nps(segments: %w[a b c])
    batch.add_batch(scores, segment: segs, weight: weights)
    assert_equal one.serialize, batch.serialize
  end

  def test_read_csv
    text = "respondent,segment,weight,nps\nr1,web,1,9\nr2,web,1,n/a\nr3,shop,2,0\n"
    s = CX::Metrics.read_csv_buffer(text, scale: CX::Scale.new(min: 0, max: 10, na_code: 98))
    r = s.compute(bootstrap: 0)
    assert_equal [2, 1, 3.0], [r.n_raw, r.n_not_applicable, r.n]
    e = assert_raises(CX::ParseError) { CX::Metrics.read_csv_buffer("respondent,nps\nr1,9\nr2,nine\n", name: 'bad.csv') }
    assert_equal ['bad.csv', 3, 4, 'nine'], [e.path, e.line, e.column, e.value]
    assert_raises(CX::IOError) { CX::Metrics.read_csv('/nonexistent/answers.csv') }
  end

  def test_link_journey
    j = CX::Journey.new('j')
    st = j.add_stage('s')
    st.add_touchpoint('web')
    st.add_touchpoint('shop')
    s = CX::MetricSurvey.nps(segments: %w[web app])
    [10, 9, 0].each { |x| s.add(x, segment: 'web') } # NPS 1/3
    s.add(9, segment: 'app')
    report = s.link_journey(j, percent: true)
    assert_equal({ matched: ['web'], no_data: [], item_only: ['app'], touchpoint_only: ['shop'] }, report)
    assert_in_delta 100.0 / 3, j['web'].metrics['nps'], 1e-9
  end

  def test_gc_in_any_order
    rng = Random.new(3)
    5.times do
      s = nps_reference
      raw = CX.nps_compute(s, CX::METRIC_ALL, nil)
      objs = [s, s.compute(bootstrap: 10), s.result(bootstrap: 0), s.scale, s.dup, raw,
              CX::MetricSurvey.csat, CX::NpsOptions.new]
      objs.shuffle!(random: rng)
      until objs.empty?
        objs.pop
        GC.start
      end
    end
  end
end
