# frozen_string_literal: true

# NPS, CSAT and CES through the Ruby binding, against the values counted by
# hand in tests/python/test_metrics.py (docs/methodology/metrics.md).
require 'minitest/autorun'
require 'rexml/document'
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

  # ---- charts: geometry and number formats as documented in
  # include/cx/render.h (rows of 36 pixels from y = 58, 78 pixels of legend
  # under an NPS chart and 60 under the others; NPS with a sign and two
  # decimals, x100 without; shares as whole percents; means two decimals)

  def parse_svg(text)
    doc = REXML::Document.new(text) # raises on a malformed document
    assert_equal 'svg', doc.root.name
    doc.root
  end

  # [tooltip, [texts]] of every row group.
  def chart_rows(root)
    root.get_elements('g').map do |g|
      [g.get_elements('title').first.text, g.get_elements('text').map(&:text)]
    end
  end

  # Segment "<b>&": the ten answers above (NPS 0.3); "north": 9, 9, 0
  # (NPS 1/3); pooled: 7 promoters and 3 detractors of 13 (NPS 4/13).
  def segmented_nps
    s = CX::MetricSurvey.nps(segments: ['<b>&', 'north'])
    s.add_many(NPS_SCORES, segment: '<b>&')
    s.add_many([9, 9, 0], segment: 'north')
    s
  end

  def test_nps_chart_rows_names_and_numbers
    res = segmented_nps.result(bootstrap: 0)
    assert_in_delta 0.3, res['<b>&'].nps, 1e-12
    assert_in_delta 1.0 / 3, res['north'].nps, 1e-12
    assert_in_delta 4.0 / 13, res.pooled.nps, 1e-12
    text = res.to_svg
    root = parse_svg(text)
    rows = chart_rows(root)
    assert_equal ['All respondents', '<b>&', 'north'], rows.map { |t, _| t.split(':').first }
    assert_equal 58 + 36 * 3 + 78, root.attributes['height'].to_i
    assert_equal '720', root.attributes['width']
    assert_includes text, '&lt;b&gt;&amp;'
    refute_includes text, '<b>&'
    assert_equal '<b>&', rows[1][1][0]
    res.rows.zip(rows).each do |row, (title, texts)|
      assert_includes texts, format('%+.2f [%+.2f, %+.2f]', row.nps, row.adjusted_lo, row.adjusted_hi)
      assert title.start_with?(format('%s: NPS %+.3f', row.segment || 'All respondents', row.nps))
    end
    assert_includes rows[1][1], '+0.30 [-0.19, +0.65]'
    assert_equal %w[20% 30% 50%], rows[1][1].grep(/%\z/)
    assert_equal 'n 10', rows[1][1][1]
    assert_equal 2, chart_rows(parse_svg(res.to_svg(pooled: false))).size
  end

  def test_nps_chart_options
    s = nps_reference
    res = s.result(bootstrap: 0)
    root = parse_svg(res.to_svg(width: 500, title: 'Wave <2> & more', all_label: 'Everyone', theme: :dark))
    assert_equal '500', root.attributes['width']
    assert_equal 'Wave <2> & more', root.get_elements('title').first.text
    assert_equal 'Everyone', chart_rows(root)[0][1][0]
    backgrounds = lambda do |r|
      r.get_elements('rect').select { |e| e.attributes['width'] == '100%' }.map { |e| e.attributes['fill'] }
    end
    assert_equal ['#ffffff'], backgrounds.call(parse_svg(res.to_svg))
    assert_equal 1, backgrounds.call(root).size
    refute_equal ['#ffffff'], backgrounds.call(root)
    assert_empty backgrounds.call(parse_svg(res.to_svg(theme: 'print')))
    wald = chart_rows(parse_svg(res.to_svg(interval: :wald)))[0]
    assert_includes wald[1], '+0.30 [-0.18, +0.78]'
    assert_includes wald[0], '(Wald)'
    assert_includes chart_rows(parse_svg(res.to_svg(interval: :bootstrap)))[0][1], '+0.30, interval n/a'
    pct = chart_rows(parse_svg(s.compute(percent: true, bootstrap: 0).to_svg))
    assert_includes pct[0][1], '+30 [-19, +65]'
    [{ width: 100 }, { width: 5000 }, { theme: :neon }, { interval: :exact }].each do |bad|
      assert_raises(CX::InvalidArgument) { res.to_svg(**bad) }
    end
    e = assert_raises(CX::InvalidArgument) { res.to_svg(title: "caf\xE9".b) }
    assert_match(/UTF-8/, e.message)
    assert_raises(ArgumentError) { res.to_svg(height: 300) }
  end

  def test_single_row_and_mixed_rows
    s = segmented_nps
    row = s.compute(segment: 'north', bootstrap: 0)
    root = parse_svg(row.to_svg)
    assert_equal 58 + 36 + 78, root.attributes['height'].to_i
    assert_equal 1, chart_rows(root).size
    assert chart_rows(root)[0][0].start_with?('north: NPS +0.333')
    res = s.result(bootstrap: 0)
    assert_equal res.to_svg, CX::Metrics.to_svg(res)
    both = CX::Metrics.to_svg([res['north'], res['<b>&']])
    assert_equal ['north', '<b>&'], chart_rows(parse_svg(both)).map { |t, _| t.split(':').first }
  end

  def test_csat_and_ces_charts
    s = CX::MetricSurvey.csat(segments: %w[x y])
    s.add_many([5, 4, 1], segment: 'x') # top-2-box 2/3, mean 10/3
    s.add_many([2, 3, 4, 5], segment: 'y') # top-2-box 1/2, mean 3.5
    top = s.result(method: :top2box)
    root = parse_svg(top.to_svg)
    assert_equal 58 + 36 * 3 + 60, root.attributes['height'].to_i
    rows = chart_rows(root)
    assert rows[1][1].last.start_with?('67% [')
    assert rows[2][1].last.start_with?('50% [')
    mean = s.result(method: :mean)
    rows = chart_rows(parse_svg(mean.to_svg))
    assert rows[1][1].last.start_with?('3.33 [')
    assert rows[2][1].last.start_with?('3.50 [')
    e = assert_raises(CX::InvalidArgument) { CX::Metrics.to_svg([top['x'], mean['x']]) }
    assert_match(/method/, e.message)
    assert_raises(ArgumentError) { top.to_svg(interval: :wald) }
    c = CX::MetricSurvey.ces(2, segments: ['web'])
    c.add_many([7, 6, 2], segment: 'web') # mean 5, agreeing (5-7) 2/3
    rows = chart_rows(parse_svg(c.result.to_svg(width: 640)))
    assert_equal 2, rows.size
    assert rows[1][1].any? { |t| t.start_with?('5.00 [') }
    assert rows[1][1].last.start_with?('67% [')
    one = CX::MetricSurvey.ces(1).add(1)
    assert_raises(CX::InvalidArgument) { CX::Metrics.to_svg([c.compute, one.compute]) }
  end

  def test_chart_errors
    s = nps_reference
    nps_row = s.compute(bootstrap: 0)
    csat_row = CX::MetricSurvey.csat.add(5).compute(method: :mean)
    e = assert_raises(TypeError) { CX::Metrics.to_svg([nps_row, csat_row]) }
    assert_match(/element 1/, e.message)
    [[1], [nil], 'abc', 3, [nps_row.to_h]].each do |bad|
      assert_raises(TypeError) { CX::Metrics.to_svg(bad) }
    end
    assert_raises(CX::InvalidArgument) { CX::Metrics.to_svg([]) }
    assert_raises(CX::InvalidArgument) { CX::Metrics.to_svg([nps_row, s.compute(confidence: 0.9, bootstrap: 0)]) }
    assert_raises(CX::InvalidArgument) { CX::Metrics.to_svg([nps_row, s.compute(percent: true, bootstrap: 0)]) }
    back = Marshal.load(Marshal.dump(s.result(bootstrap: 0)))
    assert_equal s.result(bootstrap: 0), back
    e = assert_raises(CX::InvalidArgument) { back.to_svg }
    assert_match(/Marshal/, e.message)
    assert_raises(CX::InvalidArgument) { Marshal.load(Marshal.dump(csat_row)).to_svg }
    # low level: an Array of results of the chart's metric
    raw = CX.nps_compute(s, CX::METRIC_ALL, nil)
    text = CX.render_nps_svg([raw, raw], 720, nil, nil, CX::THEME_LIGHT, CX::NPS_SVG_WALD)
    assert_equal 2, chart_rows(parse_svg(text)).size
    e = assert_raises(TypeError) { CX.render_nps_svg([raw, csat_row.raw], 720, nil, nil, 0, 1) }
    assert_match(/element 1/, e.message)
    assert_raises(TypeError) { CX.render_csat_svg([raw], 720, nil, nil, 0) }
    e = assert_raises(CX::InvalidArgument) { CX.render_nps_svg([raw, nil], 720, nil, nil, 0, 1) }
    assert_match(/results\[1\] is NULL/, e.message)
    assert_raises(CX::InvalidArgument) { CX.render_ces_svg([], 720, nil, nil, 0) }
    assert_raises(CX::RangeError) { CX.render_nps_svg([raw] * 10_001, 720, nil, nil, 0, 1) }
  end

  def test_chart_outlives_its_survey
    s = segmented_nps
    res = s.result(bootstrap: 0)
    row = s.compute(segment: 'north', bootstrap: 0)
    other = segmented_nps
    fresh = Enumerator.new { |y| 2.times { |i| y << CX.nps_compute(other, i, nil) } }
    expected = res.to_svg
    s = nil
    GC.start
    assert_nil s
    assert_equal expected, res.to_svg
    assert chart_rows(parse_svg(row.to_svg))[0][0].start_with?('north: NPS +0.333')
    # results made on the fly (Kernel#Array of an Enumerator) are held
    # through the call, even with a collection at every allocation
    begin
      GC.stress = true
      text = CX.render_nps_svg(fresh, 720, nil, nil, 0, 1)
    ensure
      GC.stress = false
    end
    rows = chart_rows(parse_svg(text))
    assert_equal ['<b>&', 'north'], rows.map { |t, _| t.split(':').first }
    assert rows[0][0].start_with?('<b>&: NPS +0.300')
  end
end
