# frozen_string_literal: true

# Ruby idioms over the Kano classes of the CX extension: keyword options,
# names wherever the C API takes indices, Enumerable results, Marshal.
# Loaded by the extension itself (require "cx"); nothing here computes a
# statistic.
#
# Conventions: answers are the integers 1-5 in canonical order (1 Like ...
# 5 Dislike, 0 or nil missing) or text read through KanoLabels; categories
# are the letters "A" "O" "M" "I" "R" "Q" (nil when a feature has no
# answers); undefined statistics are NaN.
module CX
  CATEGORIES = %w[A O M I R Q].freeze
  RULES = %w[mode moai oam-irq].freeze
  ANSWERS = %w[missing like must-be neutral live-with dislike].freeze
  ALL = KANO_ALL

  class << self
    alias c_version version

    # Version of the libcx inside the extension, "MAJOR.MINOR.PATCH".
    def version
      c_version[0]
    end

    # [major, minor, patch] of the libcx inside the extension.
    def version_info
      c_version[1, 3]
    end
  end

  # Helpers shared by the Kano classes; also usable directly.
  module Kano
    TABLE_KINDS = { berger: KANO_TABLE_BERGER, pouliot: KANO_TABLE_POULIOT }.freeze
    CODINGS = { canonical: KANO_CODING_CANONICAL, reversed: KANO_CODING_REVERSED }.freeze
    LAYOUTS = { auto: KANO_CSV_AUTO, long: KANO_CSV_LONG, wide: KANO_CSV_WIDE }.freeze
    THEMES = { light: THEME_LIGHT, dark: THEME_DARK, print: THEME_PRINT }.freeze
    CSV_DEFAULTS = {
      layout: :auto, delimiter: ',', labels: nil,
      respondent_column: 'respondent', feature_column: 'feature',
      functional_column: 'functional', dysfunctional_column: 'dysfunctional',
      importance_column: 'importance', segment_column: 'segment',
      weight_column: 'weight', functional_suffix: '_functional',
      dysfunctional_suffix: '_dysfunctional', importance_suffix: '_importance',
      swapped: nil, require_segment: false, require_weight: false, limits: nil
    }.freeze

    module_function

    def choice(value, choices, what)
      return Integer(value) if value.is_a?(Integer)

      choices.fetch(value.to_s.downcase.to_sym) do
        raise CX::InvalidArgument, "unknown #{what} #{value.inspect}; expected one of #{choices.keys.join(', ')}"
      end
    end

    # Enum value of a category given as letter, name, Integer or nil.
    def category_code(category)
      return -1 if category.nil?
      return Integer(category) if category.is_a?(Integer)

      CX.kano_category_parse(category.to_s)
    end

    def letter(code)
      code == -1 ? nil : CX.kano_category_letter(code)
    end

    def answer_code(answer)
      return 0 if answer.nil?
      return Integer(answer) if answer.is_a?(Integer)

      idx = ANSWERS.index(answer.to_s.downcase)
      idx || CX.kano_labels_parse(nil, answer.to_s)
    end

    def rule_code(rule)
      rule.is_a?(Integer) ? rule : CX.kano_rule_parse(rule.to_s)
    end

    # Full name of a category: category_name("O") == "one-dimensional".
    def category_name(category)
      CX.kano_category_name(category_code(category))
    end

    # Letter of a category given by letter, name or enum value.
    def category_letter(category)
      CX.kano_category_letter(category_code(category))
    end

    # Letter of a category written as letter or name (CX::ParseError if neither).
    def parse_category(text)
      letter(CX.kano_category_parse(text))
    end

    # Canonical label of an answer code 0-5.
    def answer_name(answer)
      CX.kano_answer_name(Integer(answer))
    end

    # Answer code 0-5 of one text, read with +labels+ (built-in when nil).
    def parse_answer(text, labels = nil)
      CX.kano_labels_parse(labels, text)
    end

    def rule_name(rule)
      CX.kano_rule_name(rule_code(rule))
    end

    def parse_rule(text)
      RULES[CX.kano_rule_parse(text)]
    end

    # A new evaluation table: :berger (default), :pouliot, another
    # KanoTable, or 5 rows of 5 categories.
    def table(kind = :berger)
      case kind
      when KanoTable
        table(kind.to_a)
      when Symbol, String, Integer
        CX.kano_table_init(choice(kind, TABLE_KINDS, 'table'))
      else
        rows = kind.to_a.map(&:to_a)
        raise CX::InvalidArgument, 'an evaluation table has 5 rows of 5 categories' unless
          rows.size == 5 && rows.all? { |r| r.size == 5 }

        t = KanoTable.new
        rows.each_with_index do |row, f|
          row.each_with_index { |cat, d| t.set_category(f + 1, d + 1, category_code(cat)) }
        end
        CX.kano_table_validate(t)
        t
      end
    end

    # Category letter of one answer pair (nil when an answer is missing).
    def classify(functional, dysfunctional, table: nil)
      letter(CX.kano_classify(table.nil? ? nil : self.table(table), Integer(functional), Integer(dysfunctional)))
    end

    def read_csv(path, survey: nil, **options)
      read_into(survey || KanoSurvey.new, path, nil, nil, options)
    end

    def read_csv_buffer(data, name: nil, survey: nil, **options)
      read_into(survey || KanoSurvey.new, nil, data, name, options)
    end

    def read_into(survey, path, data, name, options)
      unknown = options.keys - CSV_DEFAULTS.keys
      raise ArgumentError, "unknown CSV option(s): #{unknown.join(', ')}" unless unknown.empty?

      o = CSV_DEFAULTS.merge(options)
      swapped = o[:swapped]
      swapped = swapped.join(',') if swapped.is_a?(Array)
      CX.kano_read_csv(survey, path&.to_s, data, name, choice(o[:layout], LAYOUTS, 'layout'),
                       o[:delimiter], o[:labels], o[:respondent_column], o[:feature_column],
                       o[:functional_column], o[:dysfunctional_column], o[:importance_column],
                       o[:segment_column], o[:weight_column], o[:functional_suffix],
                       o[:dysfunctional_suffix], o[:importance_suffix], swapped,
                       o[:require_segment] ? 1 : 0, o[:require_weight] ? 1 : 0,
                       Limits.read_limits(o[:limits]))
      survey
    end

    def options(rule: nil, table: nil, threshold: nil, precedence: nil, fong_z: nil,
                functional_scores: nil, dysfunctional_scores: nil, bootstrap: nil,
                seed: nil, confidence: nil)
      o = KanoOptions.new
      o.rule = rule_code(rule) unless rule.nil?
      o.table = self.table(table) unless table.nil?
      o.threshold = Float(threshold) unless threshold.nil?
      unless precedence.nil?
        codes = (precedence.is_a?(String) ? precedence.chars : precedence).map { |c| category_code(c) }
        raise CX::InvalidArgument, "precedence lists all six categories, e.g. 'MOAIRQ'" unless codes.size == 6

        codes.each_with_index { |c, i| o.set_precedence_at(i, c) }
      end
      o.fong_z = Float(fong_z) unless fong_z.nil?
      { functional_scores => :set_functional_score,
        dysfunctional_scores => :set_dysfunctional_score }.each do |scores, setter|
        next if scores.nil?
        raise CX::InvalidArgument, 'DuMouchel scores need 5 values (Like..Dislike)' unless scores.size == 5

        scores.each_with_index { |v, i| o.send(setter, i, Float(v)) }
      end
      unless bootstrap.nil?
        raise CX::InvalidArgument, 'bootstrap must be >= 0' if bootstrap.negative?

        o.bootstrap = Integer(bootstrap)
      end
      o.seed = Integer(seed) unless seed.nil?
      o.confidence = Float(confidence) unless confidence.nil?
      o
    end

    def options_hash(o)
      {
        rule: RULES[o.rule],
        table: o.table.to_a,
        threshold: o.threshold,
        precedence: (0...6).map { |i| CATEGORIES[o.precedence_at(i)] }.join,
        fong_z: o.fong_z,
        functional_scores: (0...5).map { |i| o.functional_score(i) },
        dysfunctional_scores: (0...5).map { |i| o.dysfunctional_score(i) },
        bootstrap: o.bootstrap,
        seed: o.seed,
        confidence: o.confidence
      }
    end
  end

  class KanoTable
    # t[functional, dysfunctional] is a category letter (answers 1-5).
    def [](functional, dysfunctional)
      Kano.letter(category(functional, dysfunctional))
    end

    def []=(functional, dysfunctional, category)
      set_category(functional, dysfunctional, Kano.category_code(category))
    end

    # 5 rows (functional) of 5 letters (dysfunctional).
    def to_a
      (1..5).map { |f| (1..5).map { |d| self[f, d] } }
    end

    def validate
      CX.kano_table_validate(self)
      self
    end

    def ==(other)
      other.is_a?(KanoTable) && to_a == other.to_a
    end

    def inspect
      "#<CX::KanoTable #{to_a.map { |r| r.map { |c| c || '-' }.join }.join(' ')}>"
    end
  end

  class KanoLabels
    alias c_initialize initialize
    alias c_add add

    # A dictionary from answer text to answer code.  +coding+ is :canonical
    # (1 = Like) or :reversed (5 = Like); +labels+ maps extra wordings to
    # answers (codes 0-5 or names such as "like").
    def initialize(coding = :canonical, labels = {})
      c_initialize(Kano.choice(coding, Kano::CODINGS, 'coding'))
      labels.each { |text, answer| add(text, answer) }
    end

    # Register +label+ as +answer+ (code or name; 0/"missing" = no answer).
    def add(label, answer)
      c_add(label, Kano.answer_code(answer))
      self
    end

    # Answer code 0-5 of +text+ (CX::ParseError for unknown text).
    def parse(text)
      CX.kano_labels_parse(self, text)
    end

    def inspect
      '#<CX::KanoLabels>'
    end
  end

  class KanoCells
    # Answer pairs counted: 5 rows (functional) of 5 (dysfunctional).
    def raw
      (1..5).map { |f| (1..5).map { |d| raw_count(f, d) } }
    end

    # Sum of weights per answer pair, 5x5.
    def weighted
      (1..5).map { |f| (1..5).map { |d| weighted_count(f, d) } }
    end

    def to_h
      { raw: raw, weighted: weighted, missing: missing, sum_weights: sum_weights,
        sum_weights_sq: sum_weights_sq, importance_n: importance_n,
        importance_sum_w: importance_sum_w, importance_sum: importance_sum,
        importance_sum_sq: importance_sum_sq }
    end
  end

  class KanoSurvey
    alias c_initialize initialize
    alias c_add add
    alias c_merge merge
    alias c_cells cells
    alias c_respondents respondents
    alias c_set_filter set_filter

    # An empty survey, optionally with features and segments declared.
    def initialize(features: [], segments: [])
      c_initialize
      features.each { |f| add_feature(f) }
      segments.each { |s| add_segment(s) }
    end

    def self.deserialize(bytes)
      CX.kano_survey_deserialize(bytes)
    end

    # Marshal support: the versioned byte string of serialize.
    def _dump(_level)
      serialize
    end

    def self._load(bytes)
      deserialize(bytes)
    end

    def self.read_csv(path, **options)
      Kano.read_csv(path, **options)
    end

    def features
      (0...n_features).map { |i| feature_name(i) }
    end

    def segments
      (0...n_segments).map { |i| segment_name(i) }
    end

    def feature_index(feature, create: false)
      return Integer(feature) if feature.is_a?(Integer)

      find_feature(feature.to_s)
    rescue CX::NotFound
      raise unless create

      add_feature(feature.to_s)
    end

    def segment_index(segment, create: false)
      return 0 if segment.nil?
      return Integer(segment) if segment.is_a?(Integer)

      find_segment(segment.to_s)
    rescue CX::NotFound
      raise unless create

      add_segment(segment.to_s)
    end

    # Add one answer pair; names are added when new.
    def add(feature, functional, dysfunctional, segment: nil, importance: nil, weight: 1.0)
      c_add(feature_index(feature, create: true), segment_index(segment, create: true),
            Kano.answer_code(functional), Kano.answer_code(dysfunctional),
            importance.nil? ? Float::NAN : Float(importance), Float(weight))
      self
    end

    # Add one respondent's answers to every feature (one per feature),
    # applying the filter; true when the filter dropped the respondent.
    def add_respondent(functional, dysfunctional, segment: nil, weight: 1.0, importance: nil)
      imp = importance&.map { |v| v.nil? ? Float::NAN : Float(v) }&.pack('D*')
      add_respondent_bytes(segment_index(segment), Float(weight),
                           functional.map { |a| Kano.answer_code(a) }.pack('C*'),
                           dysfunctional.map { |a| Kano.answer_code(a) }.pack('C*'), imp) == 1
    end

    # Add one answer pair per element of the Arrays (features and segments
    # by name or index, answers 0-5 or nil, importance nil for none).  The
    # whole batch is checked before anything is counted.
    def add_batch(feature, functional, dysfunctional, segment: nil, weight: nil, importance: nil)
      n = feature.size
      cols = { functional: functional, dysfunctional: dysfunctional, segment: segment,
               weight: weight, importance: importance }
      cols.each do |name, col|
        raise ArgumentError, "column #{name} has #{col.size} rows, feature has #{n}" if col && col.size != n
      end
      add_batch_packed(
        n,
        feature.map { |f| feature_index(f, create: true) }.pack('L*'), DTYPE_U32,
        functional.map { |a| Kano.answer_code(a) }.pack('C*'), DTYPE_U8,
        dysfunctional.map { |a| Kano.answer_code(a) }.pack('C*'), DTYPE_U8,
        segment&.map { |s| segment_index(s, create: true) }&.pack('L*'), DTYPE_U32,
        weight&.map { |w| Float(w) }&.pack('D*'), DTYPE_F64,
        importance&.map { |v| v.nil? ? Float::NAN : Float(v) }&.pack('D*'), DTYPE_F64
      )
      self
    end

    # Drop respondents whose share of Q or I answers exceeds the limit.
    def set_filter(max_questionable: 1.0, max_indifferent: 1.0, table: nil)
      f = KanoFilter.new
      f.max_questionable = Float(max_questionable)
      f.max_indifferent = Float(max_indifferent)
      f.table = Kano.table(table) unless table.nil?
      c_set_filter(f)
      self
    end

    def clear_filter
      c_set_filter(nil)
      self
    end

    def cells(feature, segment: nil)
      c_cells(feature_index(feature), segment.nil? ? ALL : segment_index(segment))
    end

    # [added, dropped] respondents seen by add_respondent.
    def respondents(segment: nil)
      c_respondents(segment.nil? ? ALL : segment_index(segment))
    end

    # Add every answer of +others+ into this survey; returns self.
    def merge(*others)
      others.each { |o| c_merge(o) }
      self
    end

    # A new survey holding the answers of both.
    def +(other)
      dup.merge(other)
    end

    # An independent copy (the C handle is copied through serialize).
    def dup
      self.class.deserialize(serialize)
    end
    alias clone dup

    def result(**options)
      KanoResult.compute(self, **options)
    end

    def read_csv(path, **options)
      Kano.read_into(self, path, nil, nil, options)
    end

    def read_csv_buffer(data, name: nil, **options)
      Kano.read_into(self, nil, data, name, options)
    end

    def inspect
      "#<CX::KanoSurvey #{n_features} features, #{n_segments} segments>"
    end
    alias to_s inspect
  end

  # The results of one feature in one segment (or all pooled): plain data
  # read from the KanoResult, which the row keeps alive.
  class KanoRow
    FIELDS = %i[
      feature segment n_raw n_missing n n_effective count share category by_rule
      total_strength category_strength better worse fong_a fong_b fong_limit
      significant chi2 chi2_p functional_mean functional_sd dysfunctional_mean
      dysfunctional_sd importance_mean importance_sd importance_n bootstrap
      better_lo better_hi worse_lo worse_hi stability segment_chi2 segment_df
      segment_p
    ].freeze

    attr_reader :result

    def initialize(raw, result)
      @raw = raw
      @result = result
    end

    (FIELDS - %i[count share category by_rule significant stability]).each do |name|
      define_method(name) { @raw.send(name) }
    end

    def category
      Kano.letter(@raw.category)
    end

    def by_rule
      RULES.each_with_index.to_h { |r, i| [r, Kano.letter(@raw.category_by_rule(i))] }
    end

    def count
      CATEGORIES.each_with_index.to_h { |c, i| [c, @raw.count_of(i)] }
    end

    def share
      CATEGORIES.each_with_index.to_h { |c, i| [c, @raw.share_of(i)] }
    end

    def stability
      CATEGORIES.each_with_index.to_h { |c, i| [c, @raw.stability_of(i)] }
    end

    # Whether the Fong test separates the top two categories.
    def significant?
      @raw.fong_significant != 0
    end

    def significant
      significant?
    end

    # True for the row of all segments pooled.
    def pooled?
      @raw.segment.nil?
    end

    # True when the feature has no complete answer (category nil).
    def undefined?
      @raw.category == -1
    end

    def bootstrapped?
      @raw.bootstrap.positive?
    end

    def to_h
      FIELDS.to_h { |f| [f, send(f)] }
    end

    def ==(other)
      other.is_a?(KanoRow) && same?(to_h, other.to_h)
    end

    def inspect
      fmt = ->(v) { v.nan? ? 'NaN' : format('%.4g', v) }
      "#<CX::KanoRow #{feature.inspect}#{segment ? " [#{segment}]" : ''} #{category || '-'} " \
        "n=#{fmt.call(n)} better=#{fmt.call(better)} worse=#{fmt.call(worse)}>"
    end
    alias to_s inspect

    private

    def same?(a, b)
      return a.keys == b.keys && a.all? { |k, v| same?(v, b[k]) } if a.is_a?(Hash) && b.is_a?(Hash)
      return a == b || (a.nan? && b.nan?) if a.is_a?(Float) && b.is_a?(Float)

      a == b
    end
  end

  class KanoResult
    include Enumerable

    alias c_options options
    alias c_respondents respondents

    # Compute every result of +survey+.  Options: rule (:mode, :moai,
    # :"oam-irq"), table (:berger, :pouliot or 5x5), threshold, precedence
    # ("MOAIRQ"), fong_z, functional_scores, dysfunctional_scores,
    # bootstrap, seed, confidence.
    def self.compute(survey, **options)
      CX.kano_result_compute(survey, Kano.options(**options))
    end

    def self.new(survey, **options)
      compute(survey, **options)
    end

    def features
      (0...n_features).map { |i| row(i).feature }
    end

    def segments
      (0...n_segments).map { |i| segment_name(i) }
    end

    # The options the result was computed with, as a Hash.
    def options
      Kano.options_hash(c_options)
    end

    def size
      n_features
    end
    alias length size

    # The row of a feature (name or index) in a segment (name, index, or
    # nil for all pooled).
    def row(feature, segment = nil)
      KanoRow.new(get(feature_index(feature), segment_index(segment)), self)
    end
    alias [] row

    # The pooled row of every feature.
    def each
      return enum_for(:each) { size } unless block_given?

      (0...size).each { |i| yield row(i) }
      self
    end

    # Every row: each feature pooled, then (with segments) per segment.
    def rows(segments: true)
      (0...size).flat_map do |i|
        [row(i)] + (segments ? (0...n_segments).map { |s| row(i, s) } : [])
      end
    end

    def respondents(segment: nil)
      c_respondents(segment_index(segment))
    end

    # The Kano diagram as SVG text.
    def svg(title: nil, width: 640, height: 560, segment: nil, theme: :light)
      CX.render_kano_svg(self, Integer(width), Integer(height), title,
                         segment_index(segment), Kano.choice(theme, Kano::THEMES, 'theme'))
    end

    def inspect
      "#<CX::KanoResult #{size} features, #{n_segments} segments, rule #{options[:rule]}>"
    end
    alias to_s inspect

    private

    def feature_index(feature)
      if feature.is_a?(Integer)
        idx = feature.negative? ? feature + size : feature
        raise IndexError, "feature index #{feature} out of range" unless idx.between?(0, size - 1)

        return idx
      end
      features.index(feature.to_s) or raise CX::NotFound, "no feature named #{feature.inspect}"
    end

    def segment_index(segment)
      return ALL if segment.nil?
      return Integer(segment) if segment.is_a?(Integer)

      segments.index(segment.to_s) or raise CX::NotFound, "no segment named #{segment.inspect}"
    end
  end
end
