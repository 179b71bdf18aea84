# frozen_string_literal: true

# Reader limits through the Ruby binding: defaults as in cx_read_limits,
# each limit raised as CX::RangeError naming it, the survey unchanged, and
# bad limit values refused; the same checks as in tests/python/test_hostile.py.
require 'minitest/autorun'
require 'cx'

class TestLimits < Minitest::Test
  KANO = "feature,functional,dysfunctional\nf,1,2\n"

  def test_defaults
    l = CX::ReadLimits.new
    assert_equal [0, 1 << 20, 10_000, 100_000], [l.max_bytes, l.max_record, l.max_columns, l.max_names]
  end

  def test_each_limit_names_itself
    e = assert_raises(CX::RangeError) do
      CX::Kano.read_csv_buffer(KANO, name: 'x.csv', limits: { max_columns: 2 })
    end
    assert_match(/3 columns exceed the limit max_columns = 2/, e.message)
    assert_equal ['x.csv', 1, 20], [e.path, e.line, e.column]
    e = assert_raises(CX::RangeError) do
      CX::Metrics.read_csv_buffer("nps\n1\n", metric: 'nps', name: 'x.csv', limits: { max_bytes: 3 })
    end
    assert_match(/6 bytes exceed the limit max_bytes = 3/, e.message)
    e = assert_raises(CX::RangeError) do
      CX::Gap.read_csv_buffer("respondent,item,expectation,perception\nr1,q1,3,4\nr1,q2,3,4\n",
                              name: 'g.csv', limits: { max_names: 1 })
    end
    assert_match(/2 items exceed the limit max_names = 1/, e.message)
    e = assert_raises(CX::RangeError) do
      CX::Paths.read_csv_buffer("case,touchpoint,timestamp,segment\nc1,a,1,s1\nc2,a,2,s2\n",
                                name: 'e.csv', limits: { max_names: 1 })
    end
    assert_match(/2 segments exceed the limit max_names = 1/, e.message)
    assert_equal ['e.csv', 3, 8, 's2'], [e.path, e.line, e.column, e.value]
  end

  def test_at_the_limit_loads_and_failure_keeps_the_survey
    s = CX::Kano.read_csv_buffer(KANO, limits: { max_columns: 3 })
    before = s.serialize
    assert_raises(CX::RangeError) do
      CX::Kano.read_csv_buffer("feature,functional,dysfunctional\ng,1,2\n", survey: s,
                                                                             limits: { max_record: 10 })
    end
    assert_equal before, s.serialize
  end

  def test_bad_limits
    assert_raises(ArgumentError) { CX::Kano.read_csv_buffer(KANO, limits: { max_rows: 1 }) }
    assert_raises(ArgumentError) { CX::Kano.read_csv_buffer(KANO, limits: { max_columns: -1 }) }
    assert_raises(TypeError) { CX::Kano.read_csv_buffer(KANO, limits: 5) }
  end
end
