# frozen_string_literal: true

# Ruby idioms over the gap-analysis classes of the CX extension: the
# GapSurvey accumulator (items by id, respondents from Arrays or Hashes,
# batches of rows, Marshal and +), GapResult as an Enumerable over plain
# item records, the gap and IPA charts, and links into journey maps.
# Nothing here computes a statistic; undefined statistics are NaN.
# Formulas: docs/methodology/gap.md.
module CX
  # Helpers shared by the gap classes.
  module Gap
    KINDS = %i[expectation perception adequate desired importance disconfirmation].freeze
    QUADRANTS = (0...4).map { |i| CX.gap_quadrant_name(i) }.freeze
    ZERO_METHODS = { wilcox: GAP_ZERO_WILCOX, pratt: GAP_ZERO_PRATT, zsplit: GAP_ZERO_ZSPLIT }.freeze
    OVERALL = { dimensions: GAP_OVERALL_DIMENSIONS, items: GAP_OVERALL_ITEMS }.freeze
    CROSSHAIRS = { mean: GAP_CROSSHAIR_MEAN, median: GAP_CROSSHAIR_MEDIAN,
                   midpoint: GAP_CROSSHAIR_MIDPOINT, custom: GAP_CROSSHAIR_CUSTOM }.freeze
    LAYOUTS = { auto: GAP_CSV_AUTO, long: GAP_CSV_LONG, wide: GAP_CSV_WIDE }.freeze
    THEMES = { light: THEME_LIGHT, dark: THEME_DARK, print: THEME_PRINT }.freeze
    ORDERS = { gap: GAP_ORDER_GAP, items: GAP_ORDER_ITEMS }.freeze
    AXES = { performance: IPA_PERFORMANCE, gap: IPA_GAP }.freeze
    LINK_LISTS = %i[matched no_data item_only touchpoint_only].freeze
    STATS_FIELDS = %i[n sum_weights n_eff mean_e mean_p sd_e sd_p mean median sd se ci_low
                      ci_high t df p_t p_t_holm p_t_bh n_zero n_ranked w_plus w_minus w z p_w
                      p_w_holm p_w_bh d_z d_av g_z g_av].freeze
    CSV_DEFAULTS = {
      layout: :auto, delimiter: ',', respondent_column: 'respondent', item_column: 'item',
      label_column: 'label', dimension_column: 'dimension', expectation_column: 'expectation',
      perception_column: 'perception', adequate_column: 'adequate', desired_column: 'desired',
      importance_column: 'importance', disconfirmation_column: 'disconfirmation',
      expectation_suffix: '_expectation', perception_suffix: '_perception',
      adequate_suffix: '_adequate', desired_suffix: '_desired', importance_suffix: '_importance',
      disconfirmation_suffix: '_disconfirmation', points_suffix: '_points',
      segment_column: 'segment', segment: nil, weight_column: 'weight', require_segment: false,
      require_weight: false, numeric_codes: true, na_text: 'n/a,not applicable',
      dk_text: "don't know,dont know,do not know,dk", limits: nil
    }.freeze
    CSV_NAMES = CSV_DEFAULTS.keys[2, 20].freeze

    module_function

    def choice(value, choices, what)
      Scale.choice(value, choices, what)
    end

    def quadrant_name(code)
      code == GAP_QUADRANT_NONE ? nil : CX.gap_quadrant_name(code)
    end

    def scale_arg(scale)
      scale.is_a?(Symbol) || scale.is_a?(String) ? Scale.preset(scale) : scale
    end

    # A journey link report as a Hash of id Arrays.
    def link_report(raw)
      LINK_LISTS.each_with_index.to_h { |name, k| [name, (0...raw.count(k)).map { |i| raw.id(k, i) }] }
    end

    def options(level: nil, confidence: nil, zero_method: nil, tie_correction: nil, continuity: nil,
                overall: nil, drop_inversions: nil, crosshair: nil)
      raise CX::InvalidArgument, 'give level or confidence, not both' if level && confidence

      o = GapOptions.new
      level ||= confidence
      o.level = Float(level) unless level.nil?
      o.zero_method = choice(zero_method, ZERO_METHODS, 'zero method') unless zero_method.nil?
      o.tie_correction = tie_correction ? 1 : 0 unless tie_correction.nil?
      o.continuity = continuity ? 1 : 0 unless continuity.nil?
      o.overall = choice(overall, OVERALL, 'overall rule') unless overall.nil?
      o.drop_inversions = drop_inversions ? 1 : 0 unless drop_inversions.nil?
      if crosshair.is_a?(Array)
        raise CX::InvalidArgument, 'a custom crosshair is [importance, performance, gap]' unless crosshair.size == 3

        o.crosshair = GAP_CROSSHAIR_CUSTOM
        o.custom_importance, o.custom_performance, o.custom_gap = crosshair.map { |x| Float(x) }
      elsif !crosshair.nil?
        o.crosshair = choice(crosshair, CROSSHAIRS, 'crosshair')
      end
      o
    end

    def options_hash(o)
      h = { level: o.level, zero_method: ZERO_METHODS.key(o.zero_method).to_s,
            tie_correction: o.tie_correction != 0, continuity: o.continuity != 0,
            overall: OVERALL.key(o.overall).to_s, drop_inversions: o.drop_inversions != 0,
            crosshair: CROSSHAIRS.key(o.crosshair).to_s }
      h[:crosshair] = [o.custom_importance, o.custom_performance, o.custom_gap] if o.crosshair == GAP_CROSSHAIR_CUSTOM
      h
    end

    def csv_args(options)
      unknown = options.keys - CSV_DEFAULTS.keys
      raise ArgumentError, "unknown CSV option(s): #{unknown.join(', ')}" unless unknown.empty?

      o = CSV_DEFAULTS.merge(options)
      texts = ->(v) { v.is_a?(Array) ? v.join(',') : v }
      [choice(o[:layout], LAYOUTS, 'layout'), o[:delimiter]] + CSV_NAMES.map { |n| o[n] } +
        [o[:require_segment] ? 1 : 0, o[:require_weight] ? 1 : 0, o[:numeric_codes] ? 1 : 0,
         texts.call(o[:na_text]), texts.call(o[:dk_text]), Limits.read_limits(o[:limits])]
    end

    # Read a gap survey CSV into a new survey (items from the file) or into
    # +survey+.  Options as in cx_gap_csv_options (see CSV_DEFAULTS).
    def read_csv(path, survey: nil, **options)
      (survey || GapSurvey.new).read_csv(path, **options)
    end

    def read_csv_buffer(data, name: nil, survey: nil, **options)
      (survey || GapSurvey.new).read_csv_buffer(data, name: name, **options)
    end

    # One survey per segment and the pooled one (under nil), as a Hash.
    def read_csv_segments(path, like: nil, **options)
      segments(CX.gap_read_csv_segments(like, path.to_s, nil, nil, *csv_args(options)))
    end

    def read_csv_segments_buffer(data, name: nil, like: nil, **options)
      segments(CX.gap_read_csv_segments(like, nil, data, name, *csv_args(options)))
    end

    def segments(raw)
      h = (0...raw.count).to_h { |i| [raw.name(i), raw.survey_copy(i)] }
      h[nil] = raw.survey_copy(GAP_NO_DIMENSION)
      h
    end

    # One value per name from an Array (nil = NaN) or a Hash by name,
    # packed as native doubles; nil stays nil.
    def pack(values, names, what)
      return nil if values.nil?

      if values.is_a?(Hash)
        unknown = values.keys.map(&:to_s) - names
        raise CX::NotFound, "#{what} names unknown ids: #{unknown.join(', ')}" unless unknown.empty?

        values = names.map { |n| values[n] || values[n.to_sym] }
      end
      values.map { |v| v.nil? ? Float::NAN : Float(v) }.pack('D*')
    end
  end

  keep_owner(GapResult, :item_row, :dimension_row, :options, :weighted)
  keep_owner(GapItemResult, :gap)
  keep_owner(GapDimensionResult, :gap)

  # Every figure of one item (see cx_gap_item_result and cx_gap_stats).
  class GapItemRow < MetricRecord
    OWN = %i[n_missing n_not_applicable n_dont_know zot_n zot_inversions zot_below zot_within
             zot_above msa_mean msa_sd mss_mean mss_sd width_mean width_sd importance_n
             importance_mean importance_sd performance_n performance_mean priority
             disconfirmation_n disconfirmation_mean disconfirmation_sd].freeze
    fields(*(%i[id label dimension] + Gap::STATS_FIELDS + OWN + %i[quadrant gap_quadrant]))
    SHOWN = %i[id dimension n mean ci_low ci_high p_t quadrant].freeze

    def self.from_raw(raw, dimensions)
      g = raw.gap
      v = { id: raw.id, label: raw.label }
      d = raw.dimension_index
      v[:dimension] = d == GAP_NO_DIMENSION ? nil : dimensions[d]
      Gap::STATS_FIELDS.each { |f| v[f] = g.send(f) }
      OWN.each { |f| v[f] = raw.send(f) }
      v[:quadrant] = Gap.quadrant_name(raw.quadrant)
      v[:gap_quadrant] = Gap.quadrant_name(raw.gap_quadrant)
      new(**v)
    end

    def gap
      mean
    end

    # True when the paired t-test rejects "no gap" at +alpha+ (Holm-adjusted).
    def significant?(alpha = 0.05)
      p_t_holm < alpha
    end
  end

  # The statistics of one dimension over respondents with a dimension gap.
  class GapDimensionRow < MetricRecord
    fields(*(%i[name n_items n_too_few n_none] + Gap::STATS_FIELDS))
    SHOWN = %i[name n_items n mean ci_low ci_high p_t].freeze

    def self.from_raw(raw)
      g = raw.gap
      v = { name: raw.name, n_items: raw.n_items, n_too_few: raw.n_too_few, n_none: raw.n_none }
      Gap::STATS_FIELDS.each { |f| v[f] = g.send(f) }
      new(**v)
    end

    def gap
      mean
    end
  end

  # The weighted SERVQUAL score (cx_gap_score).
  class GapScoreRow < MetricRecord
    fields :n, :n_no_points, :n_incomplete, :sum_weights, :n_eff, :mean, :sd, :se, :ci_low, :ci_high
    SHOWN = %i[n mean ci_low ci_high].freeze
  end

  class GapSurvey
    alias c_initialize initialize
    alias c_add_item add_item
    alias c_merge merge
    alias c_read_scale scale

    # An empty survey.  +scale+ (a CX::Scale or preset name; default 1-7)
    # is the scale of E, P, adequate and desired answers; +items+ ids,
    # [id, label, dimension] Arrays or Hashes; servqual: true declares the
    # 22 SERVQUAL items.
    def initialize(items: [], scale: nil, importance_scale: nil, disconfirmation_scale: nil,
                   min_share: 0.75, servqual: false)
      c_initialize(Gap.scale_arg(scale), Gap.scale_arg(importance_scale),
                   Gap.scale_arg(disconfirmation_scale), Float(min_share))
      declare_servqual if servqual
      items.each do |item|
        case item
        when Hash then add_item(item.fetch(:id), **item.except(:id))
        when Array then add_item(*item)
        else add_item(item.to_s)
        end
      end
    end

    def self.servqual(scale: nil, **settings)
      new(scale: scale, servqual: true, **settings)
    end

    def self.deserialize(bytes)
      CX.gap_survey_deserialize(bytes)
    end

    def self._load(bytes)
      deserialize(bytes)
    end

    def self.read_csv(path, **options)
      Gap.read_csv(path, **options)
    end

    # Marshal support: the versioned byte string of serialize.
    def _dump(_level)
      serialize
    end

    # Declare an item (before any answer); returns its index.
    def add_item(id, label = nil, dimension = nil, reversed: false)
      c_add_item(id.to_s, label, dimension, reversed ? GAP_ITEM_REVERSED : 0)
    end

    def items
      (0...n_items).map { |i| item_id(i) }
    end

    def dimensions
      (0...n_dimensions).map { |i| dimension_name(i) }
    end

    def scale
      c_read_scale
    end

    def n_respondents
      respondents
    end

    def empty?
      respondents.zero?
    end

    # Add one respondent: each answer an Array in item order (nil missing)
    # or a Hash by item id; dimension_points by dimension.
    def add_respondent(expectation: nil, perception: nil, adequate: nil, desired: nil,
                       importance: nil, disconfirmation: nil, dimension_points: nil,
                       weight: 1.0, respondent: nil)
      ids = items
      add_respondent_doubles(respondent&.to_s, Float(weight),
                             Gap.pack(expectation, ids, 'expectation'),
                             Gap.pack(perception, ids, 'perception'),
                             Gap.pack(adequate, ids, 'adequate'),
                             Gap.pack(desired, ids, 'desired'),
                             Gap.pack(importance, ids, 'importance'),
                             Gap.pack(disconfirmation, ids, 'disconfirmation'),
                             Gap.pack(dimension_points, dimensions, 'dimension_points'))
      self
    end

    # Add one respondent per row: each answer an Array of rows (one value
    # per item, nil missing); dimension_points rows per dimension; weight
    # one value per row.  Every row is checked before anything is added.
    def add_batch(expectation: nil, perception: nil, adequate: nil, desired: nil,
                  importance: nil, disconfirmation: nil, dimension_points: nil, weight: nil)
      given = [expectation, perception, adequate, desired, importance, disconfirmation,
               dimension_points, weight].compact
      raise ArgumentError, 'no column given' if given.empty?

      n = given.first.size
      given.each { |rows| raise ArgumentError, "columns differ in length: #{rows.size} and #{n} rows" unless rows.size == n }
      columns = lambda do |rows, k|
        return nil if rows.nil?

        rows.each_with_index do |r, i|
          raise ArgumentError, "row #{i} has #{r.size} values, expected #{k}" unless r.size == k
        end
        (0...k).map { |j| rows.map { |r| r[j].nil? ? Float::NAN : Float(r[j]) }.pack('D*') }
      end
      answers = [expectation, perception, adequate, desired, importance, disconfirmation].map do |rows|
        columns.call(rows, n_items)
      end
      add_batch_packed(n, answers, columns.call(dimension_points, n_dimensions),
                       weight&.map { |w| Float(w) }&.pack('D*'))
      self
    end

    def merge(*others)
      others.each { |o| c_merge(o) }
      self
    end

    def +(other)
      dup.merge(other)
    end

    def dup
      self.class.deserialize(serialize)
    end
    alias clone dup

    # Compute every statistic: a GapResult.  Options: level: (or
    # confidence:), zero_method:, tie_correction:, continuity:, overall:,
    # drop_inversions:, crosshair: (:mean, :median, :midpoint or
    # [importance, performance, gap]).
    def result(**options)
      GapResult.compute(self, **options)
    end

    def read_csv(path, **options)
      CX.gap_read_csv(self, path.to_s, nil, nil, *Gap.csv_args(options))
      self
    end

    def read_csv_buffer(data, name: nil, **options)
      CX.gap_read_csv(self, nil, data, name, *Gap.csv_args(options))
      self
    end

    def inspect
      s = scale
      "#<CX::GapSurvey #{n_items} items, #{n_dimensions} dimensions, #{respondents} respondents, " \
        "scale #{s.min}-#{s.max}>"
    end
    alias to_s inspect
  end

  # Results of a gap survey: Enumerable over the item rows (GapItemRow,
  # plain data); dimensions, overall, weighted, crosshair and options.
  class GapResult
    include Enumerable

    alias c_options options
    alias c_weighted weighted
    alias c_crosshair crosshair

    def self.compute(survey, **options)
      r = CX.gap_result_compute(survey, Gap.options(**options))
      r.instance_variable_set(:@dimension_names, survey.dimensions)
      r
    end

    def self.new(survey, **options)
      compute(survey, **options)
    end

    def items
      @items ||= (0...n_items).map { |i| GapItemRow.from_raw(item_row(i), @dimension_names || []) }.freeze
    end

    def dimensions
      @dimensions ||= (0...n_dimensions).map { |i| GapDimensionRow.from_raw(dimension_row(i)) }.freeze
    end

    def each(&block)
      return enum_for(:each) { size } unless block

      items.each(&block)
      self
    end

    def size
      n_items
    end
    alias length size

    # An item row by id or index.
    def [](key)
      return items.fetch(key) if key.is_a?(Integer)

      items.find { |r| r.id == key.to_s } or raise CX::NotFound, "no item #{key.inspect}"
    end

    # A dimension row by name or index.
    def dimension(key)
      return dimensions.fetch(key) if key.is_a?(Integer)

      dimensions.find { |r| r.name == key.to_s } or raise CX::NotFound, "no dimension #{key.inspect}"
    end

    def options
      Gap.options_hash(c_options)
    end

    def weighted
      w = c_weighted
      GapScoreRow.new(**GapScoreRow::FIELDS.to_h { |f| [f, w.send(f)] })
    end

    # The IPA crosshair: { importance:, performance:, gap: }.
    def crosshair
      %i[importance performance gap].zip(c_crosshair).to_h
    end

    def to_h
      { items: items.map(&:to_h), dimensions: dimensions.map(&:to_h), overall: overall,
        weighted: weighted.to_h, crosshair: crosshair, options: options }
    end

    # The gap chart (a bar per item with its interval) as SVG text.
    def gap_svg(width: 720, title: nil, theme: :light, order: :gap, zone: true, labels: false, x_range: nil)
      lo, hi = x_range || [0.0, 0.0]
      CX.render_gap_svg(self, Integer(width), title, Gap.choice(theme, Gap::THEMES, 'theme'),
                        Gap.choice(order, Gap::ORDERS, 'order'), zone ? 1 : 0, labels ? 1 : 0,
                        Float(lo), Float(hi))
    end

    # The importance-performance chart as SVG text.
    def ipa_svg(width: 640, height: 560, title: nil, theme: :light, x_axis: :performance,
                diagonal: false, labels: false, x_range: nil, y_range: nil)
      x0, x1 = x_range || [0.0, 0.0]
      y0, y1 = y_range || [0.0, 0.0]
      CX.render_ipa_svg(self, Integer(width), Integer(height), title,
                        Gap.choice(theme, Gap::THEMES, 'theme'), Gap.choice(x_axis, Gap::AXES, 'axis'),
                        diagonal ? 1 : 0, labels ? 1 : 0, Float(x0), Float(x1), Float(y0), Float(y1))
    end

    # Write the item results into the touchpoints of +journey+ with the
    # items' ids; returns the link report (a Hash of id Arrays).
    def link_journey(journey, scale: nil, zone: true, importance: true)
      lo, hi = scale || [0.0, 0.0]
      Gap.link_report(CX.gap_result_link_journey(self, journey, Float(lo), Float(hi),
                                                 zone ? 1 : 0, importance ? 1 : 0))
    end

    def inspect
      "#<CX::GapResult #{n_items} items, #{n_dimensions} dimensions, overall #{format('%.4g', overall)}>"
    end
    alias to_s inspect
  end

  class MetricSurvey
    # Write the figure of every segment named like a touchpoint of
    # +journey+ into its metrics; returns the link report.
    def link_journey(journey, name: nil, method: nil, percent: false)
      code = method.nil? ? CSAT_METHOD_UNSET : Metrics.choice(method, Metrics::CSAT_METHODS, 'CSAT method')
      Gap.link_report(CX.metric_survey_link_journey(self, journey, name, code, percent ? 1 : 0))
    end
  end
end
