# frozen_string_literal: true

# The Kano classes of the Ruby binding, against hand-computed values.
require 'minitest/autorun'
require 'cx'

# Reference survey (Berger's table):
#   Wifi: (1,5) O x3, (1,3) A x2, (2,5) M x4, (3,3) I x1, (5,1) R x1,
#         (1,1) Q x1, one pair with a missing answer.  A2 O3 M4 I1 R1 Q1.
#   Battery: (1,3) A x3, (1,5) O x2.
#   Pay: (2,2) x2, (4,4), (3,3): Berger I=4; Pouliot Q=3 I=1.
#   Empty: nothing.
REFERENCE = {
  'Wifi' => [[1, 5, 3], [1, 3, 2], [2, 5, 4], [3, 3, 1], [5, 1, 1], [1, 1, 1], [0, 5, 1]],
  'Battery' => [[1, 3, 3], [1, 5, 2]],
  'Pay' => [[2, 2, 2], [4, 4, 1], [3, 3, 1]],
  'Empty' => []
}.freeze

def reference_rows
  REFERENCE.flat_map { |f, pairs| pairs.flat_map { |a, b, n| [[f, a, b]] * n } }
end

def reference
  s = CX::KanoSurvey.new(features: REFERENCE.keys)
  reference_rows.each { |f, a, b| s.add(f, a, b) }
  s
end

class TestKano < Minitest::Test
  def test_version
    assert_equal CX.version_info.join('.'), CX.version
  end

  def test_module_functions
    assert_equal 'one-dimensional', CX::Kano.category_name('O')
    assert_equal 'M', CX::Kano.category_letter('must-be')
    assert_equal 'A', CX::Kano.parse_category('Attractive')
    assert_equal 'like', CX::Kano.answer_name(1)
    assert_equal 5, CX::Kano.parse_answer('I dislike it')
    assert_equal 'moai', CX::Kano.rule_name(1)
    assert_equal 'oam-irq', CX::Kano.parse_rule('oam-irq')
    assert_equal 'O', CX::Kano.classify(1, 5)
    assert_equal 'Q', CX::Kano.classify(2, 2, table: :pouliot)
    assert_nil CX::Kano.classify(0, 5)
    assert_equal [1, 1, 2, 2, 4, 4, 8, 8, 4, 8], (0..9).map { |d| CX.dtype_size(d) }
    assert_kind_of String, CX.strerror(CX::EPARSE)
  end

  def test_tables
    berger = CX::Kano.table
    assert_equal %w[Q A A A O], berger.to_a[0]
    assert_equal %w[R R R R Q], berger.to_a[4]
    pouliot = CX::Kano.table(:pouliot)
    assert_equal 'Q', pouliot[4, 4]
    refute_equal berger, pouliot
    custom = CX::Kano.table([['I'] * 5] * 5)
    custom[1, 5] = 'O'
    assert_equal 'O', CX::Kano.classify(1, 5, table: custom)
    assert_raises(CX::InvalidArgument) { CX::Kano.table(:nonsense) }
    assert_raises(CX::RangeError) { berger[0, 1] }
  end

  def test_labels
    labels = CX::KanoLabels.new
    assert_equal 2, labels.parse('It must be that way')
    labels.add('Love it', 'like')
    assert_equal 1, labels.parse('love it')
    rev = CX::KanoLabels.new(:reversed)
    assert_equal 1, rev.parse('5')
    assert_raises(CX::ParseError) { labels.parse('sometimes') }
  end

  def test_survey_names_and_cells
    s = reference
    assert_equal REFERENCE.keys, s.features
    assert_equal 2, s.find_feature('Pay')
    assert_nil s.feature_name(99)
    cells = s.cells('Wifi')
    assert_equal 3, cells.raw[0][4]
    assert_equal 4, cells.raw[1][4]
    assert_equal 1, cells.missing
    assert_equal 12, cells.raw.flatten.sum
    assert_equal 4.0, cells.to_h[:weighted][1][4]
  end

  def test_result_values
    r = reference.result
    assert_equal 4, r.size
    w = r['Wifi']
    assert_equal({ 'A' => 2.0, 'O' => 3.0, 'M' => 4.0, 'I' => 1.0, 'R' => 1.0, 'Q' => 1.0 }, w.count)
    assert_equal 'M', w.category
    assert_in_delta 5.0 / 10, w.better, 1e-12   # (A+O)/(A+O+M+I)
    assert_in_delta(-7.0 / 10, w.worse, 1e-12)  # -(O+M)/(A+O+M+I)
    assert_in_delta 9.0 / 12, w.total_strength, 1e-12
    assert_in_delta 1.65 * Math.sqrt(7.0 * 17 / 24), w.fong_limit, 1e-12
    refute w.significant?
    assert w.pooled?
    refute w.undefined?
    assert r['Empty'].undefined?
    assert r['Empty'].better.nan?
    assert_equal %w[Wifi Battery Pay Empty], r.map(&:feature)
    assert_equal ['Battery'], r.select { |row| row.category == 'A' }.map(&:feature)
    h = w.to_h
    assert_equal CX::KanoRow::FIELDS, h.keys
    assert_equal 12, h[:n_raw]
  end

  def test_options
    s = reference
    assert_equal 'O', s.result(rule: :moai, threshold: 0.25)['Battery'].category
    assert_equal 'A', s.result(rule: 'moai', threshold: 0.1)['Battery'].category
    pay = s.result(table: :pouliot)['Pay']
    assert_equal [3.0, 1.0], [pay.count['Q'], pay.count['I']]
    opts = s.result(precedence: 'OMAIRQ', bootstrap: 50, seed: 3).options
    assert_equal 'OMAIRQ', opts[:precedence]
    assert_equal 50, opts[:bootstrap]
    assert s.result(bootstrap: 50, seed: 3)['Wifi'].bootstrapped?
    assert_raises(CX::InvalidArgument) { s.result(confidence: 2.0) }
  end

  def test_segments_and_respondents
    s = CX::KanoSurvey.new(segments: %w[retail business], features: %w[a b])
    s.add('a', 1, 5, segment: 'retail')
    s.add('a', 1, 3, segment: 'business')
    r = s.result
    assert_equal 1.0, r['a', 'retail'].count['O']
    assert_equal 'retail', r['a', 0].segment
    assert_equal 3, r.rows.size / 2
    s.set_filter(max_questionable: 0.4)
    assert s.add_respondent([1, 5], [1, 5], segment: 'retail')   # two Q of two
    refute s.add_respondent([1, 1], [5, 3], segment: 'business', importance: [9, nil])
    assert_equal [1, 1], s.respondents
    assert_equal [0, 1], s.respondents(segment: 'retail')
    s.clear_filter
    assert_raises(CX::InvalidArgument) { s.add_respondent([1], [5]) }
  end

  def test_add_batch
    s = CX::KanoSurvey.new
    s.add_batch(%w[a b a], [1, 2, nil], [5, 5, 5], weight: [2.0, 1.0, 1.0], importance: [9, nil, 3])
    assert_equal 1, s.cells('a').raw[0][4]
    assert_equal 2.0, s.cells('a').weighted[0][4]
    assert_equal 1, s.cells('a').missing
    assert_equal 1, s.cells('b').raw[1][4]
    assert_raises(ArgumentError) { s.add_batch(%w[a], [1, 2], [5]) }
    before = s.serialize
    assert_raises(CX::RangeError) { s.add_batch(%w[a a], [1, 9], [5, 5]) }
    assert_equal before, s.serialize
  end

  def test_marshal_merge_and_copies
    s = reference
    back = Marshal.load(Marshal.dump(s))
    assert_equal s.serialize, back.serialize
    left = CX::KanoSurvey.new(features: REFERENCE.keys)
    right = CX::KanoSurvey.new
    reference_rows.each_with_index { |(f, a, b), i| (i.odd? ? left : right).add(f, a, b) }
    merged = left + right
    REFERENCE.each_key { |f| assert_equal s.cells(f).raw, merged.cells(f).raw }
    assert_equal s.result['Wifi'], merged.result['Wifi']
    refute_equal s.cells('Wifi').raw, left.cells('Wifi').raw
    d = s.dup
    d.merge(s)
    assert_equal 6, d.cells('Battery').raw[0][2]
    assert_equal 3, s.cells('Battery').raw[0][2]
  end

  def test_csv_and_svg
    text = "feature,functional,dysfunctional\nWifi,I like it,I dislike it\n"
    s = CX::Kano.read_csv_buffer(text, name: 'mem.csv')
    assert_equal 'O', s.result['Wifi'].category
    svg = s.result.svg(title: 'T', theme: :dark)
    assert svg.start_with?('<svg') || svg.start_with?('<?xml')
    assert_includes svg, 'Wifi'
    data = ENV.fetch('CX_EXAMPLES_DATA', nil)
    path = data && File.join(data, 'kano_survey.csv')
    skip 'sample data not available' unless path && File.exist?(path)
    assert_operator CX::Kano.read_csv(path).n_features, :>, 0
  end

  def test_gc_in_any_order
    rows = []
    200.times do
      s = reference
      r = s.result
      rows << r['Wifi']
      s = nil
      r = nil
    end
    GC.start
    GC.compact if GC.respond_to?(:compact)
    rows.each { |row| assert_equal 4.0, row.count['M'] }
    objs = Array.new(50) { [reference, CX::KanoLabels.new, CX::Kano.table, reference.result] }.flatten
    objs.shuffle(random: Random.new(2)).each_slice(7) { |_| GC.start }
    objs = nil
    GC.start
  end

  def test_threads_each_with_a_survey
    surveys = Array.new(2) { CX::KanoSurvey.new(features: %w[a b]) }
    threads = surveys.map do |s|
      Thread.new { 200.times { |i| s.add(i.even? ? 'a' : 'b', 1, 5) } }
    end
    threads.each(&:join)
    surveys.each { |s| assert_equal 100, s.cells('a').raw[0][4] }
  end
end
