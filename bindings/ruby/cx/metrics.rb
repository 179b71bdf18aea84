# frozen_string_literal: true

# Ruby idioms over the NPS, CSAT and CES classes of the CX extension: the
# MetricSurvey accumulator with named segments, Marshal and +, results as
# plain records (NpsRow, CsatRow, CesRow, NpsDiff) and MetricResult, an
# Enumerable over segments; rows and results draw themselves as SVG charts
# (to_svg).  Nothing here computes a statistic; undefined statistics are
# NaN.  Formulas: docs/methodology/metrics.md.
module CX
  # Make the methods +names+ of +cls+, which return views into the object
  # (structs inside a result), keep that object alive while the view lives.
  def self.keep_owner(cls, *names)
    names.each do |name|
      original = "c_view_#{name}"
      cls.send(:alias_method, original, name)
      cls.send(:define_method, name) do |*args|
        view = send(original, *args)
        view&.instance_variable_set(:@owner, self)
        view
      end
    end
  end

  [NpsResult, CsatResult, CesResult].each { |cls| keep_owner(cls, :sample, :options) }

  # Helpers shared by the metric classes.
  module Metrics
    METRICS = %w[nps csat ces].freeze
    CSAT_METHODS = { top2box: CSAT_TOP2BOX, mean: CSAT_MEAN }.freeze
    CES_VERSIONS = { '1': CES_1, '1.0': CES_1, '2': CES_2, '2.0': CES_2 }.freeze
    LAYOUTS = { auto: METRIC_CSV_AUTO, long: METRIC_CSV_LONG, wide: METRIC_CSV_WIDE }.freeze
    THEMES = { light: THEME_LIGHT, dark: THEME_DARK, print: THEME_PRINT }.freeze
    NPS_INTERVALS = { wald: NPS_SVG_WALD, adjusted_wald: NPS_SVG_ADJUSTED_WALD,
                      bootstrap: NPS_SVG_BOOTSTRAP }.freeze
    CSV_DEFAULTS = {
      layout: :auto, delimiter: ',', score_column: nil, metric_column: 'metric',
      metric_name: nil, respondent_column: 'respondent', segment_column: 'segment',
      weight_column: 'weight', require_segment: false, require_weight: false,
      numeric_codes: true, na_text: 'n/a,not applicable',
      dk_text: "don't know,dont know,do not know,dk", limits: nil
    }.freeze

    module_function

    def choice(value, choices, what)
      Scale.choice(value, choices, what)
    end

    def metric_code(metric)
      choice(metric, METRICS.each_with_index.to_h { |m, i| [m.to_sym, i] }, 'metric')
    end

    def new_handle(metric, scale, version)
      scale = Scale.preset(scale) if scale.is_a?(Symbol) || scale.is_a?(String)
      code = metric_code(metric)
      unless code == METRIC_CES || version.nil?
        raise CX::InvalidArgument, 'a CES version applies to CES surveys only'
      end

      case code
      when METRIC_NPS then CX.metric_survey_new_nps(scale)
      when METRIC_CSAT then CX.metric_survey_new_csat(scale)
      when METRIC_CES
        if version.nil?
          raise CX::InvalidArgument,
                'a CES survey needs its version: 1 (CES 1.0, effort 1-5) or 2 (CES 2.0, agreement 1-7)'
        end

        CX.metric_survey_new_ces(version.is_a?(Integer) ? version : choice(version.to_s, CES_VERSIONS, 'CES version'),
                                 scale)
      else raise CX::InvalidArgument, "unknown metric #{metric.inspect}"
      end
    end

    def nps_options(confidence: nil, bootstrap: nil, seed: nil, percent: false)
      o = NpsOptions.new
      o.confidence = Float(confidence) unless confidence.nil?
      unless bootstrap.nil?
        raise CX::InvalidArgument, 'bootstrap must be >= 0' if bootstrap.negative?

        o.bootstrap = Integer(bootstrap)
      end
      o.seed = Integer(seed) unless seed.nil?
      o.percent = percent ? 1 : 0
      o
    end

    def csat_options(method: nil, confidence: nil)
      o = CsatOptions.new
      o.method = choice(method, CSAT_METHODS, 'CSAT method') unless method.nil?
      o.confidence = Float(confidence) unless confidence.nil?
      o
    end

    def ces_options(confidence: nil)
      o = CesOptions.new
      o.confidence = Float(confidence) unless confidence.nil?
      o
    end

    def texts(value)
      value.is_a?(Array) ? value.join(',') : value
    end

    def read_into(survey, path, data, name, options)
      unknown = options.keys - CSV_DEFAULTS.keys
      raise ArgumentError, "unknown CSV option(s): #{unknown.join(', ')}" unless unknown.empty?

      o = CSV_DEFAULTS.merge(options)
      CX.metric_read_csv(survey, path&.to_s, data, name, choice(o[:layout], LAYOUTS, 'layout'),
                         o[:delimiter], o[:score_column], o[:metric_column], o[:metric_name],
                         o[:respondent_column], o[:segment_column], o[:weight_column],
                         o[:require_segment] ? 1 : 0, o[:require_weight] ? 1 : 0,
                         o[:numeric_codes] ? 1 : 0, texts(o[:na_text]), texts(o[:dk_text]),
                         Limits.read_limits(o[:limits]))
      survey
    end

    # Read one question's answers from a CSV file into a new survey of
    # +metric+ (or into +survey+).  Options as in cx_metric_csv_options:
    # layout:, delimiter:, score_column:, metric_column:, metric_name: (the
    # long-layout rows to read), respondent_column:, segment_column:,
    # weight_column:, require_segment:, require_weight:, numeric_codes:,
    # na_text:, dk_text: (a String or an Array of texts).
    def read_csv(path, metric: :nps, scale: nil, version: nil, survey: nil, **options)
      read_into(survey || MetricSurvey.new(metric, scale: scale, version: version), path, nil, nil, options)
    end

    def read_csv_buffer(data, metric: :nps, name: nil, scale: nil, version: nil, survey: nil, **options)
      read_into(survey || MetricSurvey.new(metric, scale: scale, version: version), nil, data, name, options)
    end

    def sample_values(metric, raw)
      s = raw.sample
      points = (0...s.n_points)
      { metric: metric, segment: raw.segment, n_raw: s.n_raw, n_missing: s.n_missing,
        n_not_applicable: s.n_not_applicable, n_dont_know: s.n_dont_know, n: s.n,
        n_effective: s.n_effective,
        counts: points.to_h { |i| [s.scale_min + i, s.count_at(i)] },
        counts_raw: points.to_h { |i| [s.scale_min + i, s.count_raw_at(i)] },
        confidence: raw.options.confidence }
    end

    # The chart of +rows+ as SVG text, one row per result in the order given:
    # NpsRow, CsatRow or CesRow results of one metric (an Array, one row, or
    # a MetricResult: its pooled row, then its segments).  width: in pixels
    # (400-4000), title: (nil: the metric's name), theme: (:light, :dark,
    # :print), all_label: (the label of a pooled row; nil: "All
    # respondents"); NPS charts also take interval: (:adjusted_wald, the
    # default, :wald or :bootstrap).  Rows computed with different axis
    # options raise CX::InvalidArgument; a row of another class TypeError; a
    # row loaded by Marshal (no library result) CX::InvalidArgument.
    def to_svg(rows, width: 720, title: nil, theme: :light, all_label: nil, interval: nil)
      rows = rows.is_a?(MetricResult) ? rows.rows : Array(rows)
      raise CX::InvalidArgument, 'no results to draw' if rows.empty?

      kind = rows.first.class
      unless CHARTS.key?(kind)
        raise TypeError, "to_svg draws CX::NpsRow, CX::CsatRow or CX::CesRow results, not #{kind}"
      end

      rows.each_with_index do |row, i|
        next if row.instance_of?(kind)

        raise TypeError, "element #{i} is a #{row.class}; a chart of #{kind} draws #{CHARTS[kind]} results only"
      end
      raws = rows.map(&:library_result)
      args = [Integer(width), title&.to_s, all_label&.to_s, choice(theme, THEMES, 'theme')]
      if kind == NpsRow
        return CX.render_nps_svg(raws, *args, choice(interval || :adjusted_wald, NPS_INTERVALS, 'interval'))
      end
      raise ArgumentError, 'interval: applies to NPS charts only' unless interval.nil?

      kind == CsatRow ? CX.render_csat_svg(raws, *args) : CX.render_ces_svg(raws, *args)
    end

    def same?(a, b)
      return a.keys == b.keys && a.all? { |k, v| same?(v, b[k]) } if a.is_a?(Hash) && b.is_a?(Hash)
      return a == b || (a.nan? && b.nan?) if a.is_a?(Float) && b.is_a?(Float)

      a == b
    end
  end

  # NPS difference a - b of two NpsRow results, or of the pooled NPS of
  # two NPS surveys (computed with +options+).
  def self.nps_diff(a, b, **options)
    rows = [a, b].map do |x|
      if x.is_a?(MetricSurvey)
        x = x.compute(**options)
      elsif !options.empty?
        raise CX::InvalidArgument, 'options apply to surveys, not to results'
      end
      raise TypeError, "nps_diff compares NpsRow results or NPS surveys, not #{x.class}" unless x.is_a?(NpsRow)

      x
    end
    d = CX.nps_diff_compute(rows[0].library_result, rows[1].library_result)
    NpsDiff.new(a: rows[0].segment, b: rows[1].segment, difference: d.difference, se: d.se,
                confidence: d.confidence, lo: d.lo, hi: d.hi, z: d.z, p_value: d.p_value,
                percent: d.percent != 0)
  end

  # Plain data: one reader per field, to_h, == (NaN equal to NaN), Marshal.
  class MetricRecord
    SAMPLE_FIELDS = %i[metric segment n_raw n_missing n_not_applicable n_dont_know n
                       n_effective counts counts_raw confidence].freeze

    def self.fields(*names)
      const_set(:FIELDS, names.freeze)
      attr_reader(*names)
    end

    def initialize(**values)
      self.class::FIELDS.each { |f| instance_variable_set("@#{f}", values.fetch(f)) }
    end

    def to_h
      self.class::FIELDS.to_h { |f| [f, send(f)] }
    end

    def ==(other)
      other.instance_of?(self.class) && Metrics.same?(to_h, other.to_h)
    end

    def marshal_dump
      to_h
    end

    def marshal_load(values)
      values.each { |k, v| instance_variable_set("@#{k}", v) }
    end

    def inspect
      shown = self.class::SHOWN.map do |f|
        v = send(f)
        "#{f}=#{v.is_a?(Float) ? format('%.4g', v) : v.inspect}"
      end
      "#<CX::#{self.class.name.split('::').last} #{shown.join(' ')}>"
    end
    alias to_s inspect
  end

  # A row computed by the library: it keeps the library's result (for charts
  # and differences) until it goes through Marshal, and draws itself.
  class MetricRow < MetricRecord
    # The library's result (nil after Marshal.load).
    attr_reader :raw

    def self.from_raw(raw, values)
      row = new(**values)
      row.instance_variable_set(:@raw, raw)
      row
    end

    def library_result
      return raw unless raw.nil?

      raise CX::InvalidArgument,
            "this #{self.class.name.split('::').last} was loaded by Marshal and has no library result; " \
            'compute it again from its survey'
    end

    # This row alone as a one-row chart (SVG text); options as for
    # CX::Metrics.to_svg.
    def to_svg(**options)
      Metrics.to_svg([self], **options)
    end
  end

  # Every NPS figure of one segment (segment nil: all pooled).  Scores,
  # standard errors and bounds in [-1, 1], or x100 with percent: true.
  class NpsRow < MetricRow
    fields(*SAMPLE_FIELDS, :percent, :detractors, :passives, :promoters, :share_detractors,
           :share_passives, :share_promoters, :nps, :variance, :se, :z, :wald_lo, :wald_hi,
           :adjusted_nps, :adjusted_se, :adjusted_lo, :adjusted_hi, :bootstrap,
           :bootstrap_se, :bootstrap_lo, :bootstrap_hi, :seed, :mean_score)
    SHOWN = %i[segment n nps se wald_lo wald_hi adjusted_lo adjusted_hi].freeze
    RAW = (FIELDS - SAMPLE_FIELDS - %i[percent seed]).freeze

    def self.from_raw(raw)
      v = Metrics.sample_values('nps', raw)
      RAW.each { |f| v[f] = raw.send(f) }
      v[:percent] = raw.options.percent != 0
      v[:seed] = raw.options.seed
      super(raw, v)
    end

    def value
      nps
    end

    def percent?
      percent
    end

    # NpsDiff self - other of two independent samples.
    def diff(other)
      CX.nps_diff(self, other)
    end
    alias - diff
  end

  # Every CSAT figure of one segment; value / lo / hi repeat the method's.
  class CsatRow < MetricRow
    fields(*SAMPLE_FIELDS, :method, :direction, :value, :lo, :hi, :top2, :top2_lo, :top2_hi,
           :bottom2, :mean, :sd, :se, :df, :mean_lo, :mean_hi)
    SHOWN = %i[segment n method value lo hi].freeze

    def self.from_raw(raw)
      v = Metrics.sample_values('csat', raw)
      (FIELDS - SAMPLE_FIELDS - %i[method direction]).each { |f| v[f] = raw.send(f) }
      v[:method] = Metrics::CSAT_METHODS.key(raw.options.method).to_s
      v[:direction] = Scale::DIRECTIONS[raw.direction]
      super(raw, v)
    end
  end

  # Every CES figure of one segment; the mean is on the scale as asked.
  class CesRow < MetricRow
    fields(*SAMPLE_FIELDS, :ces_version, :direction, :neutral, :mean, :sd, :se, :df, :mean_lo,
           :mean_hi, :share_easy, :easy_lo, :easy_hi, :share_neutral, :share_difficult)
    SHOWN = %i[segment n ces_version mean mean_lo mean_hi share_easy].freeze

    def self.from_raw(raw)
      v = Metrics.sample_values('ces', raw)
      (FIELDS - SAMPLE_FIELDS - %i[ces_version direction]).each { |f| v[f] = raw.send(f) }
      v[:ces_version] = raw.ces_version
      v[:direction] = Scale::DIRECTIONS[raw.direction]
      super(raw, v)
    end

    def value
      mean
    end
  end

  module Metrics
    CHARTS = { NpsRow => 'NPS', CsatRow => 'CSAT', CesRow => 'CES' }.freeze
  end

  # Difference of two NPS from independent samples, a - b.
  class NpsDiff < MetricRecord
    fields :a, :b, :difference, :se, :confidence, :lo, :hi, :z, :p_value, :percent
    SHOWN = %i[a b difference se lo hi p_value].freeze
  end

  # The results of one metric for every segment: Enumerable over the
  # segment rows (the pooled row when the survey has no segments).
  class MetricResult
    include Enumerable

    attr_reader :metric, :options, :pooled

    def initialize(metric, options, pooled, rows)
      @metric = metric
      @options = options
      @pooled = pooled
      @rows = rows
    end

    def segments
      @rows.map(&:segment)
    end

    # result['north'], result[0]; result[nil] is the pooled row.
    def [](key)
      return @pooled if key.nil?
      raise IndexError, 'the survey has no segments; use result.pooled' if @rows.empty?
      return @rows.fetch(key) if key.is_a?(Integer)

      @rows.find { |r| r.segment == key.to_s } or raise CX::NotFound, "no segment named #{key.inspect}"
    end

    def each(&block)
      return enum_for(:each) { size } unless block

      (@rows.empty? ? [@pooled] : @rows).each(&block)
      self
    end

    def size
      @rows.empty? ? 1 : @rows.size
    end
    alias length size

    # The pooled row first (with pooled: true), then one per segment.
    def rows(pooled: true)
      (pooled ? [@pooled] : []) + @rows
    end

    # NPS difference of two segments (names, indices, nil for pooled).
    def diff(a, b)
      raise CX::InvalidArgument, 'differences are defined for NPS only' unless metric == 'nps'

      CX.nps_diff(self[a], self[b])
    end

    # The chart of this metric as SVG text: one row per segment, the pooled
    # row first (with pooled: true); options as for CX::Metrics.to_svg.
    def to_svg(pooled: true, **options)
      Metrics.to_svg(rows(pooled: pooled), **options)
    end

    def to_h
      { metric: metric, options: options, pooled: pooled.to_h,
        segments: @rows.to_h { |r| [r.segment, r.to_h] } }
    end

    def ==(other)
      other.is_a?(MetricResult) && metric == other.metric && options == other.options &&
        rows == other.rows
    end

    def inspect
      "#<CX::MetricResult #{metric} #{@rows.size} segments pooled=#{pooled.inspect}>"
    end
    alias to_s inspect
  end

  class MetricSurvey
    alias c_add add
    alias c_merge merge
    alias c_ces_version ces_version

    # An empty accumulator for +metric+ (:nps, :csat, :ces) on +scale+ (a
    # CX::Scale or a preset name; nil: the metric's usual scale).  A CES
    # survey needs version: 1 or 2.
    def self.new(metric = :nps, scale: nil, version: nil, segments: [])
      s = Metrics.new_handle(metric, scale, version)
      segments.each { |name| s.add_segment(name) }
      s
    end

    def self.nps(scale: nil, segments: [])
      new(:nps, scale: scale, segments: segments)
    end

    def self.csat(scale: nil, segments: [])
      new(:csat, scale: scale, segments: segments)
    end

    # CES 2.0 (agreement 1-7, the default) or 1.0 (effort 1-5).
    def self.ces(version = 2, scale: nil, segments: [])
      new(:ces, scale: scale, version: version, segments: segments)
    end

    def self.deserialize(bytes)
      CX.metric_survey_deserialize(bytes)
    end

    def self._load(bytes)
      deserialize(bytes)
    end

    def self.read_csv(path, **options)
      Metrics.read_csv(path, **options)
    end

    # Marshal support: the versioned byte string of serialize.
    def _dump(_level)
      serialize
    end

    # "nps", "csat" or "ces".
    def metric
      Metrics::METRICS[kind]
    end

    # 1 or 2 for CES, nil for the other metrics.
    def ces_version
      v = c_ces_version
      v == CES_NONE ? nil : v
    end

    def segments
      (0...n_segments).map { |i| segment_name(i) }
    end

    def segment_index(segment, create: false)
      return 0 if segment.nil?
      return Integer(segment) if segment.is_a?(Integer)

      find_segment(segment.to_s)
    rescue CX::NotFound
      raise unless create

      add_segment(segment.to_s)
    end

    # Add one answer (nil or NaN: missing; or one of the scale's codes).
    def add(score, segment: nil, weight: 1.0, respondent: nil)
      c_add(segment_index(segment, create: true), score.nil? ? Float::NAN : Float(score),
            Float(weight), respondent&.to_s)
      self
    end

    # Add several answers of one segment and weight.
    def add_many(scores, segment: nil, weight: 1.0)
      add_batch(scores, segment: segment.nil? ? nil : [segment] * scores.size,
                        weight: [weight] * scores.size)
    end

    # Add one answer per element of the Arrays (segments by name or index,
    # nil scores missing).  The whole batch is checked before anything is
    # counted.
    def add_batch(scores, segment: nil, weight: nil)
      n = scores.size
      { segment: segment, weight: weight }.each do |name, col|
        raise ArgumentError, "column #{name} has #{col.size} rows, score has #{n}" if col && col.size != n
      end
      add_batch_packed(
        n,
        scores.map { |v| v.nil? ? Float::NAN : Float(v) }.pack('D*'), DTYPE_F64,
        segment&.map { |s| segment_index(s, create: true) }&.pack('L*'), DTYPE_U32,
        weight&.map { |w| Float(w) }&.pack('D*'), DTYPE_F64
      )
      self
    end

    # Add every answer of +others+ (segments matched by name); returns self.
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

    # The figures of this survey's metric for one segment (name, index, or
    # nil for all pooled).  NPS: confidence:, bootstrap:, seed:, percent:;
    # CSAT: method: (required, :top2box or :mean), confidence:; CES:
    # confidence:.
    def compute(segment: nil, **options)
      seg = segment.nil? ? METRIC_ALL : segment_index(segment)
      case metric
      when 'nps' then NpsRow.from_raw(CX.nps_compute(self, seg, Metrics.nps_options(**options)))
      when 'csat' then CsatRow.from_raw(CX.csat_compute(self, seg, Metrics.csat_options(**options)))
      else CesRow.from_raw(CX.ces_compute(self, seg, Metrics.ces_options(**options)))
      end
    end

    # A MetricResult: the pooled row and one per segment.
    def result(**options)
      MetricResult.new(metric, options, compute(**options),
                       (0...n_segments).map { |i| compute(segment: i, **options) })
    end

    # NPS difference a - b of two segments (names, indices, nil = pooled).
    def nps_diff(a, b, **options)
      CX.nps_diff(compute(segment: a, **options), compute(segment: b, **options))
    end

    def read_csv(path, **options)
      Metrics.read_into(self, path, nil, nil, options)
    end

    def read_csv_buffer(data, name: nil, **options)
      Metrics.read_into(self, nil, data, name, options)
    end

    def inspect
      version = ces_version.nil? ? '' : " #{ces_version}.0"
      "#<CX::MetricSurvey #{metric}#{version} scale #{scale.min}-#{scale.max}, #{n_segments} segments>"
    end
    alias to_s inspect
  end
end
