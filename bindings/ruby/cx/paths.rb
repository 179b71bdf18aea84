# frozen_string_literal: true

# Ruby idioms over the event-log classes of the CX extension: the PathsLog
# accumulator (events one at a time, batches from Arrays or rows of Hashes
# with text or integer case ids, Marshal and +), PathsResult as an
# Enumerable over the directly-follows graph, and Funnel, Attribution and
# Conformance as plain Enumerable data.  A log made with graph_only: true
# keeps only what the directly-follows graph needs, so its memory grows
# with the cases, never with the events (for huge logs whose events come
# in time order within each case).  Nothing here computes a statistic;
# undefined statistics are NaN.  Timestamps are microseconds since
# 1970-01-01T00:00:00Z (or Time objects), durations seconds.  Formulas:
# docs/methodology/paths.md.
module CX
  keep_owner(PathsResult, :touchpoint, :edge)
  keep_owner(PathsFunnel, :step_get)
  keep_owner(PathsAttribution, :channel)
  keep_owner(PathsConformance, :touchpoint_get, :unexpected_get)

  # Helpers and records of the event-log classes.
  module Paths
    MODES = (0...3).map { |i| CX.paths_funnel_mode_name(i) }.freeze
    MODE_CODES = { ordered: PATHS_FUNNEL_ORDERED, strict: PATHS_FUNNEL_STRICT,
                   'any-order': PATHS_FUNNEL_ANY_ORDER, any_order: PATHS_FUNNEL_ANY_ORDER }.freeze
    TIME_FORMATS = { auto: PATHS_TIME_AUTO, iso: PATHS_TIME_ISO8601, iso8601: PATHS_TIME_ISO8601,
                     s: PATHS_TIME_EPOCH_S, ms: PATHS_TIME_EPOCH_MS, us: PATHS_TIME_EPOCH_US }.freeze
    CSV_DEFAULTS = {
      delimiter: ',', case_column: 'case', touchpoint_column: 'touchpoint',
      timestamp_column: 'timestamp', channel_column: 'channel', value_column: 'value',
      outcome_column: 'outcome', segment_column: 'segment', require_optional: false,
      time_format: :auto, conversion_touchpoint: nil, limits: nil
    }.freeze
    YES = %w[1 true yes conversion converted].freeze
    NO = ['', '0', 'false', 'no'].freeze
    UNITS = { 'd' => 86_400_000_000, 'h' => 3_600_000_000, 'm' => 60_000_000, 's' => 1_000_000 }.freeze

    module_function

    def choice(value, choices, what)
      Scale.choice(value, choices, what)
    end

    def mode_code(mode)
      choice(mode.is_a?(String) ? mode.tr('-', '_') : mode, MODE_CODES, 'funnel mode')
    end

    # Microseconds since 1970 of one timestamp written as in an event-log
    # file (format: :auto, :iso, :s, :ms, :us).
    def parse_timestamp(text, format: :auto)
      CX.paths_parse_timestamp(text, choice(format, TIME_FORMATS, 'time format'))
    end

    # Microseconds since 1970 of an Integer (already microseconds), a Time
    # or ISO 8601 text.
    def to_microseconds(timestamp)
      case timestamp
      when Integer then timestamp
      when Time then (timestamp.to_r * 1_000_000).floor
      when String then parse_timestamp(timestamp)
      else
        return to_microseconds(timestamp.to_time) if timestamp.respond_to?(:to_time)

        raise TypeError, "a timestamp is microseconds (Integer), a Time or ISO 8601 text, not #{timestamp.class}"
      end
    end

    # A conversion window in microseconds: nil for none, an Integer
    # (microseconds) or text such as "30d", "12h", "90m", "45s".
    def window(value)
      return 0 if value.nil?
      return value if value.is_a?(Integer)

      m = /\A\s*(\d+)\s*([dhms])\s*\z/.match(value.to_s)
      raise CX::InvalidArgument, "a window is microseconds or text such as '30d', not #{value.inspect}" unless m

      Integer(m[1]) * UNITS[m[2]]
    end

    # Equality of plain data with NaN equal to NaN, through Hashes and
    # Arrays.
    def same?(a, b)
      return a.keys == b.keys && a.all? { |k, v| same?(v, b[k]) } if a.is_a?(Hash) && b.is_a?(Hash)
      return a.size == b.size && a.zip(b).all? { |x, y| same?(x, y) } if a.is_a?(Array) && b.is_a?(Array)
      return a == b || (a.nan? && b.nan?) if a.is_a?(Float) && b.is_a?(Float)

      a == b
    end

    def steps(list)
      list = list.split(',').map(&:strip) if list.is_a?(String)
      list.map(&:to_s)
    end

    # 0 or 1 for an outcome given as true/false, 0/1, nil or the CSV
    # reader's words.
    def outcome(value)
      case value
      when nil, false then 0
      when true then 1
      when Integer then value
      when Float then value.nan? ? 0 : Integer(value)
      else
        text = value.to_s.strip.downcase
        return 1 if YES.include?(text)
        return 0 if NO.include?(text)

        raise CX::InvalidArgument, "outcome #{value.inspect} is not a conversion (1, true, yes, conversion, " \
                                   'converted) or an ordinary event (0, false, no, empty)'
      end
    end

    # Codes of a column of names and its dictionary (first appearance
    # order); nil stays nil.
    def encode(values, what)
      dict = {}
      codes = values.each_with_index.map do |v, i|
        raise CX::InvalidArgument, "#{what} row #{i} is empty" if v.nil?

        dict[v.to_s] ||= dict.size
      end
      [codes, dict.keys]
    end

    def read_into(log, path, data, name, options)
      unknown = options.keys - CSV_DEFAULTS.keys
      raise ArgumentError, "unknown CSV option(s): #{unknown.join(', ')}" unless unknown.empty?

      o = CSV_DEFAULTS.merge(options)
      CX.paths_read_csv(log, path&.to_s, data, name, o[:delimiter], o[:case_column],
                        o[:touchpoint_column], o[:timestamp_column], o[:channel_column],
                        o[:value_column], o[:outcome_column], o[:segment_column],
                        o[:require_optional] ? 1 : 0, choice(o[:time_format], TIME_FORMATS, 'time format'),
                        o[:conversion_touchpoint], Limits.read_limits(o[:limits]))
      log
    end

    # +log+, or a new log with these options; a given log must already
    # have the options asked for.
    def new_log(log, sorted_by_case, graph_only)
      return PathsLog.new(sorted_by_case: sorted_by_case, graph_only: graph_only) if log.nil?
      raise CX::InvalidArgument, 'sorted_by_case: true asks for a new log, but the log given is not sorted by case' \
        if sorted_by_case && !log.sorted_by_case?
      raise CX::InvalidArgument, 'graph_only: true asks for a new log, but the log given is not graph-only' \
        if graph_only && !log.graph_only?

      log
    end

    # Read an event-log CSV file into a new log (or into +log+).  Options
    # as in cx_paths_csv_options (see CSV_DEFAULTS); an optional column set
    # to nil is ignored; +limits:+ as for the survey readers (max_names
    # bounds the segments).  sorted_by_case: and graph_only: are the
    # options of the new log; a graph-only log refuses a file in which a
    # case's events go back in time (CX::ParseError naming the line).
    def read_csv(path, log: nil, sorted_by_case: false, graph_only: false, **options)
      read_into(new_log(log, sorted_by_case, graph_only), path, nil, nil, options)
    end

    def read_csv_buffer(data, name: nil, log: nil, sorted_by_case: false, graph_only: false, **options)
      read_into(new_log(log, sorted_by_case, graph_only), nil, data, name, options)
    end

    # Codes of text case ids, stable over the batches of one log; a log
    # grouped by case only remembers the case still open.
    class CaseCodes
      attr_reader :codes, :next_code

      def initialize(sorted, codes = {}, next_code = 0)
        @sorted = sorted
        @codes = codes
        @next_code = next_code
      end

      def clear
        @codes = {}
      end

      def encode(values)
        out = values.each_with_index.map do |v, i|
          raise CX::InvalidArgument, "column 'case' row #{i} has no case id" if v.nil?

          key = v.to_s
          @codes[key] ||= (@next_code += 1) - 1
        end
        @codes = { values.last.to_s => out.last } if @sorted && !values.empty?
        out
      end
    end

    # Plain data: one reader per field, to_h, == (NaN equal to NaN),
    # Marshal, inspect.
    class Record < MetricRecord
      def self.from_raw(raw, **extra)
        new(**self::FIELDS.to_h { |f| [f, extra.key?(f) ? extra[f] : raw.send(f)] })
      end
    end

    # Totals of a result; durations in seconds.
    class Summary < Record
      fields :n_events, :n_cases, :n_converted, :value, :n_touchpoints, :n_segments, :n_variants,
             :n_edges, :duration_mean, :duration_median, :duration_min, :duration_max, :duration_exact
      SHOWN = %i[n_events n_cases n_converted n_variants n_edges duration_median].freeze
    end

    # Events, cases, starts and ends of one touchpoint.
    class TouchpointFigures < Record
      fields :index, :name, :channel, :events, :cases, :starts, :ends
      SHOWN = %i[name channel events cases starts ends].freeze
    end

    # One pair of the directly-follows graph (times in seconds).
    class Edge < Record
      fields :source, :target, :count, :share, :mean, :median, :min, :max, :exact
      SHOWN = %i[source target count share median].freeze
    end

    # One distinct path with its cases, conversions and mean duration.
    class Variant < Record
      fields :rank, :path, :length, :count, :share, :converted, :value, :mean_duration
      SHOWN = %i[rank path count share converted].freeze
    end

    # One funnel step in one segment (segment nil: all pooled).
    class FunnelStep < Record
      fields :segment, :step, :name, :cases, :reached, :from_previous, :from_first, :dropoff,
             :dropoff_share, :median_time, :mean_time, :exact
      SHOWN = %i[segment step name reached from_previous from_first dropoff].freeze
    end

    # Totals of an attribution.
    class AttributionSummary < Record
      fields :order, :by_channel, :n_states, :n_paths, :n_conversions, :n_unattributed, :value,
             :p_conversion
      SHOWN = %i[order n_states n_paths n_conversions p_conversion].freeze
    end

    # Credit of one touchpoint (or channel) under every model.
    class Credit < Record
      fields :name, :paths, :removal_effect, :markov, :markov_value, :first_touch, :first_touch_value,
             :last_touch, :last_touch_value, :linear, :linear_value
      SHOWN = %i[name removal_effect markov first_touch last_touch linear].freeze
    end

    # Totals of a conformance.
    class ConformanceSummary < Record
      fields :cases, :on_map, :following, :share_following, :with_skips, :with_unexpected,
             :unexpected_events
      SHOWN = %i[cases following share_following with_skips with_unexpected].freeze
    end

    # Observed figures of one touchpoint of the map.
    class ConformanceTouchpoint < Record
      fields :id, :reach, :reach_share, :skipped, :dropoff, :dropoff_share
      SHOWN = FIELDS
    end

    # A touchpoint of the log that the map lacks.
    class Unexpected < Record
      fields :name, :events, :cases
      SHOWN = FIELDS
    end

    # A funnel, pooled and per segment: Enumerable over the pooled steps;
    # funnel['retail'] gives a segment's steps, funnel[nil] the pooled.
    class Funnel
      include Enumerable

      attr_reader :steps, :mode, :window, :pooled

      def self.from_raw(raw, mode, window)
        rows = lambda do |seg, name|
          (0...raw.n_steps).map do |k|
            s = raw.step_get(seg, k)
            FunnelStep.from_raw(s, segment: name, step: k + 1, exact: s.exact != 0)
          end
        end
        segments = (0...raw.n_segments).to_h { |i| [raw.segment_name(i), rows.call(i, raw.segment_name(i))] }
        pooled = rows.call(PATHS_ALL, nil)
        new(pooled.map(&:name), mode, window, pooled, segments)
      end

      def initialize(steps, mode, window, pooled, segments)
        @steps = steps
        @mode = mode
        @window = window
        @pooled = pooled
        @segments = segments
      end

      def segments
        @segments.keys
      end

      def [](segment)
        return @pooled if segment.nil?

        @segments.fetch(segment.to_s) { raise CX::NotFound, "no segment named #{segment.inspect}" }
      end

      def each(&block)
        return enum_for(:each) { size } unless block

        @pooled.each(&block)
        self
      end

      def size
        @steps.size
      end
      alias length size

      # Cases reaching each step, pooled.
      def reached
        @pooled.map(&:reached)
      end

      # The pooled rows, then (with segments: true) each segment's.
      def rows(segments: true)
        @pooled + (segments ? @segments.values.flatten : [])
      end

      def to_h
        { steps: steps, mode: mode, window: window, pooled: @pooled.map(&:to_h),
          segments: @segments.transform_values { |rows| rows.map(&:to_h) } }
      end

      def ==(other)
        other.is_a?(Funnel) && Paths.same?(to_h, other.to_h)
      end

      def inspect
        "#<CX::Paths::Funnel #{mode} #{steps.join(' > ')} reached=#{reached}>"
      end
      alias to_s inspect
    end

    # Credit for the conversions: summary and one Credit per touchpoint
    # (or channel); Enumerable over the credits.
    class Attribution
      include Enumerable

      attr_reader :summary, :credits

      def self.from_raw(raw, by_channel)
        new(AttributionSummary.from_raw(raw.summary_get, by_channel: by_channel),
            (0...raw.n_channels).map { |i| Credit.from_raw(raw.channel(i)) })
      end

      def initialize(summary, credits)
        @summary = summary
        @credits = credits
      end

      def [](key)
        return @credits.fetch(key) if key.is_a?(Integer)

        @credits.find { |c| c.name == key.to_s } or raise CX::NotFound, "no channel named #{key.inspect}"
      end

      def each(&block)
        return enum_for(:each) { size } unless block

        @credits.each(&block)
        self
      end

      def size
        @credits.size
      end
      alias length size

      # Removal effect of every channel, by name.
      def removal_effects
        @credits.to_h { |c| [c.name, c.removal_effect] }
      end

      def to_h
        { summary: summary.to_h, credits: @credits.map(&:to_h) }
      end

      def ==(other)
        other.is_a?(Attribution) && Paths.same?(to_h, other.to_h)
      end

      def inspect
        "#<CX::Paths::Attribution order #{summary.order} #{size} channels " \
          "p_conversion=#{format('%.4g', summary.p_conversion)}>"
      end
      alias to_s inspect
    end

    # Conformance of the observed cases to a journey map: summary, one
    # ConformanceTouchpoint per map touchpoint (Enumerable, journey order)
    # and the unexpected touchpoints; apply writes the figures into a
    # journey.
    class Conformance
      include Enumerable

      attr_reader :summary, :touchpoints, :unexpected

      def initialize(raw)
        @raw = raw
        @summary = ConformanceSummary.from_raw(raw.summary_get)
        @touchpoints = (0...raw.n_touchpoints).map { |i| ConformanceTouchpoint.from_raw(raw.touchpoint_get(i)) }
        @unexpected = (0...raw.n_unexpected).map { |i| Unexpected.from_raw(raw.unexpected_get(i)) }
      end

      def [](id)
        @touchpoints.find { |t| t.id == id.to_s } or raise CX::NotFound, "no map touchpoint #{id.inspect}"
      end

      def each(&block)
        return enum_for(:each) { size } unless block

        @touchpoints.each(&block)
        self
      end

      def size
        @touchpoints.size
      end
      alias length size

      # Write reach, drop-off and skips into the touchpoints of +journey+
      # found by id; returns the journey.
      def apply(journey)
        raise CX::InvalidArgument, 'this conformance was loaded by Marshal; compute it again' if @raw.nil?

        @raw.apply(journey)
        journey
      end

      def to_h
        { summary: summary.to_h, touchpoints: @touchpoints.map(&:to_h), unexpected: @unexpected.map(&:to_h) }
      end

      def ==(other)
        other.is_a?(Conformance) && Paths.same?(to_h, other.to_h)
      end

      def marshal_dump
        [@summary, @touchpoints, @unexpected]
      end

      def marshal_load(values)
        @raw = nil
        @summary, @touchpoints, @unexpected = values
      end

      def inspect
        "#<CX::Paths::Conformance #{summary.following} of #{summary.cases} cases follow the map>"
      end
      alias to_s inspect
    end
  end

  class PathsLog
    alias c_initialize initialize
    alias c_add add
    alias c_merge merge
    alias c_flush flush

    # An empty event log; sorted_by_case: true streams input grouped by
    # case (one open case in memory); max_cases 0 means no limit.
    #
    # graph_only: true adds each event to the directly-follows graph as it
    # arrives and keeps of a case only its first and last times, last
    # touchpoint, visited touchpoints and conversion: memory grows with
    # the cases, never with the events.  Each case's events must then come
    # in time order (equal times in any order); an earlier one raises
    # CX::InvalidArgument (CX::ParseError from the CSV reader) and nothing
    # of its batch is added.  Results have no variants; funnels,
    # attribution and conformance raise CX::StateError, and so does
    # merging with a log that is not graph-only.  It cannot be combined
    # with sorted_by_case (CX::InvalidArgument).
    def initialize(sorted_by_case: false, max_cases: 0, max_touchpoints: 100_000, graph_only: false)
      c_initialize(sorted_by_case ? 1 : 0, Integer(max_cases), Integer(max_touchpoints), graph_only ? 1 : 0)
    end

    def self.deserialize(bytes)
      CX.paths_log_deserialize(bytes)
    end

    # Marshal support: the serialized log and the codes given to text case
    # ids by batches.
    def _dump(_level)
      Marshal.dump([serialize, @case_codes && [@case_codes.codes, @case_codes.next_code], @case_kind])
    end

    def self._load(bytes)
      data, codes, kind = Marshal.load(bytes) # rubocop:disable Security/MarshalLoad
      log = deserialize(data)
      log.send(:restore, codes, kind)
      log
    end

    def options
      o = get_options
      { sorted_by_case: o.sorted_by_case != 0, max_cases: o.max_cases, max_touchpoints: o.max_touchpoints,
        graph_only: o.graph_only != 0 }
    end

    def sorted_by_case?
      get_options.sorted_by_case != 0
    end

    # True for a log that keeps only what the directly-follows graph needs.
    def graph_only?
      get_options.graph_only != 0
    end

    def touchpoints
      (0...n_touchpoints).map { |i| touchpoint_name(i) }
    end

    # Channel of every touchpoint ("" for none), by name.
    def channels
      (0...n_touchpoints).to_h { |i| [touchpoint_name(i), touchpoint_channel(i)] }
    end

    def segments
      (0...n_segments).map { |i| segment_name(i) }
    end

    def size
      n_events
    end
    alias length size

    # Add one event: +case_id+ text (an Integer is an integer case code as
    # in add_batch), +timestamp+ microseconds, a Time or ISO 8601 text.
    def add(case_id, touchpoint, timestamp, value: nil, outcome: 0, segment: nil, channel: nil)
      ts = Paths.to_microseconds(timestamp)
      if case_id.is_a?(Integer)
        # The channel only once the event was taken: a refused one adds no name.
        add_batch(cases: [case_id], touchpoints: [touchpoint.to_s], timestamps: [ts],
                  values: [value], outcomes: [outcome], segments: segment.nil? ? nil : [segment.to_s])
        add_touchpoint(touchpoint.to_s, channel) unless channel.nil?
        return self
      end
      c_add(case_id.to_s, touchpoint.to_s, ts, value.nil? ? Float::NAN : Float(value),
            Paths.outcome(outcome), segment&.to_s, channel&.to_s)
      self
    end

    # Add one event per element of the Arrays.  cases: Integer codes or
    # text ids (coded by this log, stably across batches); touchpoints and
    # segments: names, or Integer codes into touchpoint_names /
    # segment_names (nil: the log's own indices); timestamps: Integers
    # (microseconds), Times or ISO 8601 text; values: numbers or nil;
    # outcomes: true/false, 0/1 or the CSV reader's words.  The whole
    # batch is checked first: a bad row raises and adds nothing.
    def add_batch(cases:, touchpoints:, timestamps:, values: nil, outcomes: nil, segments: nil,
                  touchpoint_names: nil, segment_names: nil)
      n = cases.size
      { touchpoints: touchpoints, timestamps: timestamps, values: values, outcomes: outcomes,
        segments: segments }.each do |name, col|
        raise ArgumentError, "column #{name} has #{col.size} rows, cases has #{n}" if col && col.size != n
      end
      kind = cases.all?(Integer) ? :codes : :ids
      if @case_kind && @case_kind != kind
        raise CX::StateError, "this log's batches gave cases as #{@case_kind == :ids ? 'text ids' : 'integer codes'}; " \
                              'mixing the two numberings of the customers needs another log'
      end
      codes = cases
      if kind == :ids
        @case_codes ||= Paths::CaseCodes.new(sorted_by_case?)
        codes = @case_codes.encode(cases)
      end
      tp_codes, tp_names = names_column(touchpoints, touchpoint_names, 'touchpoint')
      seg_codes, seg_names = names_column(segments, segment_names, 'segment')
      add_batch_packed(
        n, codes.pack('q*'), DTYPE_I64, tp_codes.pack('q*'), DTYPE_I64,
        timestamps.map { |t| Paths.to_microseconds(t) }.pack('q*'), DTYPE_I64,
        values&.map { |v| v.nil? ? Float::NAN : Float(v) }&.pack('D*'), DTYPE_F64,
        outcomes&.map { |o| Paths.outcome(o) }&.pack('q*'), DTYPE_I64,
        seg_codes&.pack('q*'), DTYPE_I64, tp_names, seg_names
      )
      @case_kind = kind
      self
    end

    # Add events given as Hashes (or any objects answering [] with the
    # keys :case, :touchpoint, :timestamp and optionally :value, :outcome,
    # :segment, :channel; String keys work too).
    def add_rows(rows)
      rows = rows.to_a
      get = ->(r, k) { r[k].nil? ? r[k.to_s] : r[k] }
      col = ->(k) { rows.map { |r| get.call(r, k) } }
      optional = ->(k) { (c = col.call(k)).all?(&:nil?) ? nil : c }
      add_batch(cases: col.call(:case), touchpoints: col.call(:touchpoint), timestamps: col.call(:timestamp),
                values: optional.call(:value), outcomes: optional.call(:outcome),
                segments: optional.call(:segment))
      # Channels once the rows were taken: refused rows add no name.
      rows.each do |r|
        ch = get.call(r, :channel)
        add_touchpoint(get.call(r, :touchpoint).to_s, ch.to_s) unless ch.nil? || ch.to_s.empty?
      end
      self
    end

    # Close every open case; later events of those cases start new cases.
    def flush
      c_flush
      @case_codes&.clear
      self
    end

    # Declare a funnel before cases close (sorted logs, flush, merging);
    # CX::StateError for a graph-only log.
    def declare_funnel(steps, mode: :ordered, window: nil)
      declare_funnel_steps(Paths.steps(steps), Paths.mode_code(mode), Paths.window(window))
      self
    end

    # Add every event of +others+ (partitions holding other cases);
    # CX::StateError when one log is graph-only and the other not.
    def merge(*others)
      others.each { |o| c_merge(o) }
      self
    end

    def +(other)
      dup.merge(other)
    end

    def dup
      Marshal.load(Marshal.dump(self)) # rubocop:disable Security/MarshalLoad
    end
    alias clone dup

    # The graph, variants (none for a graph-only log) and durations of
    # every case so far.
    def result
      CX.paths_result_compute(self)
    end

    # The funnel over +steps+ (names, or "a,b,c"), pooled and per segment;
    # mode :ordered, :strict or :any_order; window nil, microseconds or
    # text such as "30d".  CX::StateError for a graph-only log.
    def funnel(steps, mode: :ordered, window: nil)
      raw = CX.paths_funnel_compute(self, Paths.steps(steps), Paths.mode_code(mode), Paths.window(window))
      Paths::Funnel.from_raw(raw, Paths::MODES[Paths.mode_code(mode)], Paths.window(window))
    end

    def read_csv(path, **options)
      Paths.read_into(self, path, nil, nil, options)
    end

    def read_csv_buffer(data, name: nil, **options)
      Paths.read_into(self, nil, data, name, options)
    end

    def inspect
      "#<CX::PathsLog #{n_events} events (#{n_pending} pending), #{n_touchpoints} touchpoints, " \
        "#{n_segments} segments#{graph_only? ? ', graph only' : ''}>"
    end
    alias to_s inspect

    private

    def restore(codes, kind)
      @case_codes = codes && Paths::CaseCodes.new(sorted_by_case?, *codes)
      @case_kind = kind
    end

    def names_column(values, names, what)
      return [nil, nil] if values.nil?
      return [values, names&.map(&:to_s)] if values.all?(Integer)
      raise CX::InvalidArgument, "#{what}_names is the dictionary of Integer codes; this column holds names" if names

      Paths.encode(values, what)
    end
  end

  # The directly-follows graph, variants and durations of a log at one
  # moment; Enumerable over the graph's edges.
  class PathsResult
    include Enumerable

    alias c_summary summary
    alias c_touchpoint touchpoint
    alias c_edge edge
    alias c_variant variant

    def self.new(log)
      CX.paths_result_compute(log)
    end

    def summary
      s = c_summary
      Paths::Summary.from_raw(s, duration_exact: s.duration_exact != 0)
    end

    def touchpoints
      (0...c_summary.n_touchpoints).map { |i| Paths::TouchpointFigures.from_raw(c_touchpoint(i), index: i) }
    end

    def edges
      (0...n_edges).map do |i|
        e = c_edge(i)
        Paths::Edge.from_raw(e, source: e.from_name, target: e.to_name, exact: e.exact != 0)
      end
    end

    def each(&block)
      return enum_for(:each) { n_edges } unless block

      edges.each(&block)
      self
    end

    # The touchpoint names of variant +index+.
    def path(index)
      (0...c_variant(index).length).map { |k| touchpoint_name(variant_step(index, k)) }
    end

    # The variants, most frequent first (the first +top+ of them); none
    # for the result of a graph-only log.
    def variants(top: nil)
      n = top.nil? ? n_variants : [Integer(top), n_variants].min
      (0...n).map { |i| Paths::Variant.from_raw(c_variant(i), rank: i + 1, path: path(i)) }
    end

    # Quantiles of the case durations (seconds), by quantile.
    def duration_quantiles(qs = [0.1, 0.25, 0.5, 0.75, 0.9])
      qs.to_h { |q| [Float(q), duration_quantile(Float(q))] }
    end

    def to_h
      { summary: summary.to_h, edges: edges.map(&:to_h), variants: variants.map(&:to_h),
        touchpoints: touchpoints.map(&:to_h) }
    end

    # The graph as Graphviz DOT text.
    def to_dot(min_count: 1, max_edges: 0, title: nil)
      CX.paths_result_to_dot(self, Integer(min_count), Integer(max_edges), title)
    end

    # The graph as SVG text (libcx's layered layout).
    def to_svg(min_count: 1, max_edges: 0, title: nil)
      CX.paths_render_svg(self, Integer(min_count), Integer(max_edges), title)
    end

    # Credit for the conversions: exact Markov removal effects (order
    # 1-4) and the first-touch, last-touch and linear heuristics.
    # CX::StateError for the result of a graph-only log.
    def attribution(order: 1, by_channel: false, max_states: 0)
      raw = CX.paths_attribution_compute(self, Integer(order), by_channel ? 1 : 0, Integer(max_states))
      Paths::Attribution.from_raw(raw, by_channel ? true : false)
    end

    # Compare every case with a designed journey (a CX::Journey or the
    # path of its JSON or Mermaid file); CX::StateError for the result of
    # a graph-only log.
    def conformance(journey)
      journey = Journey.load(journey) unless journey.is_a?(Journey)
      Paths::Conformance.new(CX.paths_conformance_compute(self, journey))
    end

    def inspect
      s = c_summary
      "#<CX::PathsResult #{s.n_events} events, #{s.n_cases} cases, #{s.n_variants} variants, #{s.n_edges} edges>"
    end
    alias to_s inspect
  end
end
