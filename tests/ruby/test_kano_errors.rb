# frozen_string_literal: true

# Every status code surfaces as its own CX::Error subclass with its fields.
require 'minitest/autorun'
require 'cx'

class TestKanoErrors < Minitest::Test
  CLASSES = %w[InvalidArgument OutOfMemory ParseError RangeError NotFound IOError
               StateError VersionError Undefined].freeze

  def check(error, cls, status)
    assert_instance_of cls, error
    assert_equal status, error.status
    assert_equal CX.error_last, error.message
  end

  def test_hierarchy
    assert_operator CX::Error, :<, StandardError
    CLASSES.each { |name| assert_operator CX.const_get(name), :<, CX::Error }
  end

  def test_invalid_argument
    s = CX::KanoSurvey.new
    s.add_feature('a')
    e = assert_raises(CX::InvalidArgument) { s.add_feature('a') }
    check(e, CX::InvalidArgument, CX::EINVAL)
    assert_nil e.path
    assert_equal 0, e.line
  end

  def test_parse_error_fields
    text = "feature,functional,dysfunctional\nX,1,5\nX,I like it,soso\n"
    e = assert_raises(CX::ParseError) { CX::Kano.read_csv_buffer(text, name: 'answers.csv') }
    check(e, CX::ParseError, CX::EPARSE)
    assert_equal 'answers.csv', e.path
    assert_equal 3, e.line
    assert_equal 'X,I like it,'.size + 1, e.column
    assert_equal 'soso', e.value
  end

  def test_range_error
    e = assert_raises(CX::RangeError) { CX::KanoSurvey.new.add('a', 6, 1) }
    check(e, CX::RangeError, CX::ERANGE)
  end

  def test_not_found
    e = assert_raises(CX::NotFound) { CX::KanoSurvey.new.find_segment('vip') }
    check(e, CX::NotFound, CX::ENOTFOUND)
    assert_includes e.message, 'vip'
  end

  def test_io_error
    e = assert_raises(CX::IOError) { CX::Kano.read_csv('/nonexistent/absent.csv') }
    check(e, CX::IOError, CX::EIO)
  end

  def test_state_error
    s = CX::KanoSurvey.new
    s.add('a', 1, 5)
    e = assert_raises(CX::StateError) { s.add_segment('late') }
    check(e, CX::StateError, CX::ESTATE)
  end

  def test_version_error
    data = CX::KanoSurvey.new.serialize.dup
    data[4, 4] = [999].pack('L<')
    e = assert_raises(CX::VersionError) { CX::KanoSurvey.deserialize(data) }
    check(e, CX::VersionError, CX::EVERSION)
    assert_raises(CX::ParseError) { CX::KanoSurvey.deserialize('garbage') }
  end
end
