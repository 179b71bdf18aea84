# frozen_string_literal: true

# Ruby idioms over CX::Scale, the declared answer scale every rating module
# reads answers against (NPS, CSAT, CES, gap analysis).  The scale owns its
# labels; one given to an accumulator is copied without them.
module CX
  class Scale
    DIRECTIONS = %w[higher_is_better higher_is_worse].freeze
    PRESETS = { likert5: SCALE_LIKERT5, likert7: SCALE_LIKERT7, nps: SCALE_NPS,
                csat5: SCALE_CSAT5, ces2: SCALE_CES2, ces1: SCALE_CES1 }.freeze
    ANSWER_KINDS = (0...6).map { |i| CX.scale_answer_kind_name(i) }.freeze

    alias c_initialize initialize
    alias c_direction direction
    alias c_direction_set direction=
    alias c_na_code na_code
    alias c_na_code_set na_code=
    alias c_dk_code dk_code
    alias c_dk_code_set dk_code=
    alias c_classify classify
    alias c_check check
    alias c_reverse reverse
    alias c_to_percent to_percent
    alias c_to_centered to_centered

    # Enum value of a choice given by name (Symbol or String) or Integer.
    def self.choice(value, choices, what)
      return Integer(value) if value.is_a?(Integer)

      key = value.to_s.downcase.tr('- ', '__').to_sym
      choices.fetch(key) do
        raise CX::InvalidArgument, "unknown #{what} #{value.inspect}; expected one of #{choices.keys.join(', ')}"
      end
    end

    def self.direction_code(direction)
      choice(direction, DIRECTIONS.each_with_index.to_h { |d, i| [d.to_sym, i] }, 'direction')
    end

    # A built-in scale: :likert5, :likert7, :nps, :csat5, :ces2, :ces1.
    def self.preset(name)
      CX.scale_preset(choice(name, PRESETS, 'scale preset'))
    end

    # A scale of the whole points min..max; neutral defaults to the
    # midpoint; na_code / dk_code are the codes of "not applicable" and
    # "don't know" (nil: unused); labels one per point from min up.
    # CX::InvalidArgument names the first problem.
    def initialize(min: 1, max: 5, neutral: nil, direction: :higher_is_better,
                   na_code: nil, dk_code: nil, labels: nil)
      c_initialize
      self.min = Integer(min)
      self.max = Integer(max)
      self.neutral = neutral.nil? ? (self.min + self.max) / 2.0 : Float(neutral)
      self.direction = direction
      self.na_code = na_code
      self.dk_code = dk_code
      self.labels = labels
      validate
    end

    # "higher_is_better" or "higher_is_worse".
    def direction
      DIRECTIONS[c_direction]
    end

    def direction=(value)
      c_direction_set(Scale.direction_code(value))
    end

    # Code of "not applicable", or nil when unused.
    def na_code
      has_na_code.zero? ? nil : c_na_code
    end

    def na_code=(code)
      self.has_na_code = code.nil? ? 0 : 1
      c_na_code_set(code.nil? ? 0 : Integer(code))
    end

    # Code of "don't know", or nil when unused.
    def dk_code
      has_dk_code.zero? ? nil : c_dk_code
    end

    def dk_code=(code)
      self.has_dk_code = code.nil? ? 0 : 1
      c_dk_code_set(code.nil? ? 0 : Integer(code))
    end

    # One label (or nil) per point from min up; nil without labels.
    def labels
      nlabels.zero? ? nil : (0...nlabels).map { |i| label_at(i) }
    end

    def labels=(labels)
      labels = labels.nil? ? [] : labels.to_a
      set_label_count(labels.size)
      labels.each_with_index { |text, i| set_label_at(i, text&.to_s) }
    end

    def values
      (min..max)
    end

    def size
      points
    end
    alias length size

    def include?(value)
      classify(value) == 'valid'
    end

    # Kind of one raw answer: "valid", "missing" (nil or NaN), "not
    # applicable", "don't know", "out of scale" or "non-integer".
    def classify(value)
      ANSWER_KINDS[c_classify(value.nil? ? Float::NAN : Float(value))]
    end

    # Like classify, but CX::RangeError names +respondent+ and +item+ for
    # an answer off the scale or not whole.
    def check(value, respondent: nil, item: nil)
      ANSWER_KINDS[c_check(value.nil? ? Float::NAN : Float(value), respondent&.to_s, item&.to_s)]
    end

    # min + max - x (codes and NaN unchanged); a number or an Array.
    def reverse(x)
      each_value(x) { |v| c_reverse(v) }
    end

    # Position on 0-100, 100 the good end; a number or an Array.
    def to_percent(x)
      each_value(x) { |v| c_to_percent(v) }
    end

    # Position in [-1, 1] around the neutral point; a number or an Array.
    def to_centered(x)
      each_value(x) { |v| c_to_centered(v) }
    end

    def to_h
      { min: min, max: max, neutral: neutral, direction: direction, na_code: na_code,
        dk_code: dk_code, labels: labels }
    end

    def ==(other)
      other.is_a?(Scale) && to_h == other.to_h
    end

    def dup
      Scale.new(**to_h)
    end
    alias clone dup

    # Marshal support: the keyword arguments of new.
    def _dump(_level)
      Marshal.dump(to_h)
    end

    def self._load(bytes)
      new(**Marshal.load(bytes)) # rubocop:disable Security/MarshalLoad
    end

    def inspect
      extra = +''
      extra << " na_code=#{na_code}" unless na_code.nil?
      extra << " dk_code=#{dk_code}" unless dk_code.nil?
      extra << " labels=#{labels.inspect}" unless labels.nil?
      "#<CX::Scale #{min}-#{max} neutral=#{neutral} #{direction}#{extra}>"
    end
    alias to_s inspect

    private

    def each_value(x)
      return x.map { |v| yield(v.nil? ? Float::NAN : Float(v)) } if x.respond_to?(:map)

      yield(x.nil? ? Float::NAN : Float(x))
    end
  end
end
