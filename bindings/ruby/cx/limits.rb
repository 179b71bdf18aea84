# frozen_string_literal: true

# Limits of the survey CSV readers (cx_read_limits in C).  Every read_csv
# and read_csv_buffer of CX::Kano, CX::Metrics and CX::Gap takes
# limits: a Hash with any of :max_bytes (whole input), :max_record (bytes
# of one row), :max_columns (fields of one row) and :max_names (features,
# items or segments created from the file), or a CX::ReadLimits.  Keys
# left out keep the library's defaults; 0 means no limit.  Exceeding one
# raises CX::RangeError naming the limit.
module CX
  ReadLimits = Read_limits

  module Limits
    FIELDS = %i[max_bytes max_record max_columns max_names].freeze

    module_function

    # The C limits for +value+ (nil: the defaults).
    def read_limits(value)
      return value if value.nil? || value.is_a?(ReadLimits)
      raise TypeError, "limits is a Hash of #{FIELDS.join(', ')}, or a CX::ReadLimits" unless value.is_a?(Hash)

      unknown = value.keys.map(&:to_sym) - FIELDS
      raise ArgumentError, "unknown limit(s): #{unknown.join(', ')}" unless unknown.empty?

      limits = ReadLimits.new
      value.each do |name, number|
        number = Integer(number)
        raise ArgumentError, "#{name} must be >= 0 (0: no limit)" if number.negative?

        limits.send("#{name}=", number)
      end
      limits
    end
  end
end
