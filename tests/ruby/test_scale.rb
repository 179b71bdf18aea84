# frozen_string_literal: true

# CX::Scale against values worked out by hand from include/cx/scale.h; the
# same checks as tests/python/test_scale.py.
require 'minitest/autorun'
require 'cx'

class TestScale < Minitest::Test
  def test_defaults_and_fields
    s = CX::Scale.new
    assert_equal [1, 5, 3.0, 'higher_is_better'], [s.min, s.max, s.neutral, s.direction]
    assert_nil s.na_code
    assert_nil s.labels
    s = CX::Scale.new(min: 1, max: 6, direction: :higher_is_worse, na_code: 98, dk_code: 99,
                      labels: ['a', nil, 'c', 'd', 'e', 'f'])
    assert_equal 3.5, s.neutral # midpoint of 1-6
    assert_equal [98, 99], [s.na_code, s.dk_code]
    assert_equal 'a', s.label(1)
    assert_nil s.label(2)
    assert_equal 6, s.size
    assert_equal (1..6), s.values
    s.na_code = nil
    assert_equal 0, s.has_na_code
  end

  def test_presets
    nps = CX::Scale.preset(:nps)
    assert_equal [0, 10, 5.0], [nps.min, nps.max, nps.neutral]
    assert_equal 'not at all likely', nps.label(0)
    assert_equal 'higher_is_worse', CX::Scale.preset('ces1').direction
    assert_raises(CX::InvalidArgument) { CX::Scale.preset(:likert11) }
  end

  def test_classify_check_positions
    s = CX::Scale.new(min: 1, max: 7, neutral: 4, na_code: 98, dk_code: 99)
    assert_equal ['valid', 'missing', 'missing', 'not applicable', "don't know", 'out of scale', 'non-integer'],
                 [4, nil, Float::NAN, 98, 99, 8, 2.5].map { |v| s.classify(v) }
    assert s.include?(7)
    refute s.include?(8)
    e = assert_raises(CX::RangeError) { s.check(8, respondent: 'r17', item: 'q3') }
    assert_equal 'respondent r17, item q3: 8 is outside the scale 1-7', e.message
    assert_equal(-4, e.status)
    assert_equal "don't know", s.check(99)
    assert_equal 6.0, s.reverse(2) # 1 + 7 - 2
    assert_equal 98.0, s.reverse(98)
    assert s.reverse(9).nan?
    assert_in_delta 75.0, s.to_percent(5.5), 1e-12  # 100 (5.5 - 1) / 6
    assert_in_delta 0.5, s.to_centered(5.5), 1e-12  # (5.5 - 4) / 3
    assert_equal [0.0, 100.0], s.to_percent([1, 7])
    assert_equal(-1.0, CX::Scale.preset(:ces1).to_centered(5))
  end

  def test_validation_and_labels
    assert_raises(CX::InvalidArgument) { CX::Scale.new(min: 5, max: 1) }
    assert_raises(CX::InvalidArgument) { CX::Scale.new(na_code: 3) }
    assert_raises(CX::InvalidArgument) { CX::Scale.new(labels: %w[only two]) }
    assert_raises(CX::InvalidArgument) { CX::Scale.new(direction: :sideways) }
    s = CX::Scale.new
    assert_raises(CX::RangeError) { s.set_label_at(5, 'x') }
    assert_raises(CX::RangeError) { s.set_label_count(2000) }
  end

  def test_marshal_dup_eq
    s = CX::Scale.new(min: 0, max: 4, neutral: 2, na_code: 9, labels: %w[a b c d e])
    back = Marshal.load(Marshal.dump(s))
    assert_equal s, back
    refute_same s, back
    assert_equal %w[a b c d e], s.dup.labels
    refute_equal s, CX::Scale.new(min: 0, max: 4, neutral: 2, na_code: 9)
    assert_match(/na_code=9/, s.inspect)
  end

  def test_gc_in_any_order
    rng = Random.new(3)
    5.times do
      objs = [CX::Scale.new(labels: %w[a b c d e]), CX::Scale.preset(:nps),
              CX::MetricSurvey.nps.scale, CX::GapSurvey.new.scale]
      objs << objs[0].dup
      objs.shuffle!(random: rng)
      until objs.empty?
        objs.pop
        GC.start
      end
    end
    GC.start
  end
end
