# frozen_string_literal: true

# Ruby idioms over the journey classes of the CX extension.  Stages,
# touchpoints and actors are addressed by stable ids: a Stage, Touchpoint
# or Actor is a view made of its journey (kept alive by the view) and an
# id, with attribute readers and writers that go to the journey.  Journey
# and Stage are Enumerable (stages, touchpoints in order).  Scores, gaps,
# pain points, the ending check, diffs, JSON, Mermaid and SVG come from
# libcx (docs/methodology/journey.md).
module CX
  # Helpers shared by the journey classes.
  module Journeys
    CHANNELS = (0...12).map { |i| CX.channel_name(i) }.freeze
    OWNERS = (0...5).map { |i| CX.owner_name(i) }.freeze
    LAYERS = (0...3).map { |i| CX.layer_name(i) }.freeze
    AGGREGATES = (0...JOURNEY_AGG_COUNT).map { |i| CX.journey_aggregate_name(i).to_sym }.freeze
    ZONES = (0...5).map { |i| CX.journey_zone_name(i) }.freeze
    LANES = { touchpoints: LANE_TOUCHPOINTS, emotion: LANE_EMOTION, gaps: LANE_GAPS,
              pain_points: LANE_PAIN_POINTS, all: LANE_ALL }.freeze
    THEMES = { light: THEME_LIGHT, dark: THEME_DARK, print: THEME_PRINT }.freeze
    UNKNOWN = { preserve: UNKNOWN_PRESERVE, reject: UNKNOWN_REJECT }.freeze
    NUMBERS = (0...TP_NUMBER_COUNT).to_h { |i| [CX.tp_number_name(i).to_sym, i] }.freeze
    LISTS = (0...TP_LIST_COUNT).to_h { |i| [CX.tp_list_name(i).to_sym, i] }.freeze
    TEXTS = { name: TP_NAME, description: TP_DESCRIPTION, department: TP_DEPARTMENT }.freeze
    MERMAID_EXT = %w[.mmd .mermaid].freeze

    module_function

    def choice(value, choices, what)
      Scale.choice(value, choices, what)
    end

    def position(pos)
      pos.nil? ? JOURNEY_END : Integer(pos)
    end

    def score_options(peak_end_weight: nil, unassigned_for_all: nil)
      o = JourneyScoreOptions.new
      o.peak_end_weight = Float(peak_end_weight) unless peak_end_weight.nil?
      o.unassigned_for_all = unassigned_for_all ? 1 : 0 unless unassigned_for_all.nil?
      o
    end

    def lanes(lanes)
      return lanes if lanes.is_a?(Integer)

      Array(lanes).reduce(0) { |bits, l| bits | choice(l, LANES, 'lane') }
    end

    def from_json(text: nil, path: nil, name: nil, unknown: :preserve, validate: false, max_bytes: 0,
                  max_depth: 0, max_string: 0, max_touchpoints: 0)
      CX.journey_from_json(path&.to_s, text, name, choice(unknown, UNKNOWN, 'unknown-fields policy'),
                           Integer(max_bytes), Integer(max_depth), Integer(max_string),
                           Integer(max_touchpoints), validate ? 1 : 0)
    end

    def from_mermaid(text: nil, path: nil, name: nil, lenient: false, scale: [1, 3, 5], max_bytes: 0,
                     max_touchpoints: 0)
      lo, neutral, hi = scale.map { |x| Float(x) }
      CX.journey_from_mermaid(path&.to_s, text, name, lenient ? 1 : 0, lo, neutral, hi, Integer(max_bytes),
                              Integer(max_touchpoints))
    end

    def format_of(path, format)
      return format.to_sym unless format.nil?

      MERMAID_EXT.include?(File.extname(path.to_s).downcase) ? :mermaid : :json
    end
  end

  # Plain records of the journey analyses.
  class Problem < MetricRecord
    fields :code, :element, :id, :field, :message
    SHOWN = FIELDS
  end

  class TouchpointGap < MetricRecord
    fields :id, :gap, :adequacy, :superiority, :zone
    SHOWN = FIELDS
  end

  class PainPoint < MetricRecord
    fields :rank, :id, :name, :priority, :gap
    SHOWN = FIELDS
  end

  class Dropoff < MetricRecord
    fields :stage, :reach, :previous, :drop, :drop_share
    SHOWN = FIELDS
  end

  class Ending < MetricRecord
    fields :flagged, :final_stage, :final_mean, :journey_mean, :shortfall
    SHOWN = FIELDS

    def flagged?
      flagged
    end
  end

  class Change < MetricRecord
    fields :kind, :element, :id, :field, :old, :new
    SHOWN = FIELDS
  end

  # Aggregate scores (the library's struct, copied out): one reader per
  # aggregate, to_h, [] by name, Marshal.
  class JourneyScores
    def to_h
      { n: n, n_weighted: n_weighted }.merge(Journeys::AGGREGATES.to_h { |a| [a, send(a)] })
    end

    def [](name)
      raise KeyError, "unknown aggregate #{name.inspect}" unless Journeys::AGGREGATES.include?(name.to_sym)

      send(name.to_sym)
    end

    def ==(other)
      other.is_a?(JourneyScores) && Metrics.same?(to_h, other.to_h)
    end

    def undefined?
      n.zero?
    end

    def _dump(_level)
      Marshal.dump(to_h)
    end

    def self._load(bytes)
      s = new
      Marshal.load(bytes).each { |k, v| s.send("#{k}=", v) } # rubocop:disable Security/MarshalLoad
      s
    end

    def inspect
      fmt = ->(v) { v.nan? ? 'NaN' : format('%.4g', v) }
      "#<CX::JourneyScores n=#{n} mean=#{fmt.call(mean)} peak=#{fmt.call(peak)} " \
        "trough=#{fmt.call(trough)} end=#{fmt.call(self.end)} peak_end=#{fmt.call(peak_end)}>"
    end
    alias to_s inspect
  end

  # A list field of a touchpoint (actors, pain points, opportunities,
  # quotes): Enumerable, <<, delete, clear; writes go to the journey.
  class TouchpointList
    include Enumerable

    def initialize(journey, id, list)
      @journey = journey
      @id = id
      @list = list
    end

    def size
      @journey.touchpoint_list_count(@id, @list)
    end
    alias length size

    def [](index)
      index += size if index.negative?
      return nil unless index.between?(0, size - 1)

      @journey.touchpoint_list_get(@id, @list, index)
    end

    def each
      return enum_for(:each) { size } unless block_given?

      (0...size).each { |i| yield @journey.touchpoint_list_get(@id, @list, i) }
      self
    end

    def <<(text)
      @journey.touchpoint_list_add(@id, @list, text.to_s)
      self
    end
    alias push <<

    def index(text)
      @journey.touchpoint_list_find(@id, @list, text.to_s)
    rescue CX::NotFound
      nil
    end

    def delete(text)
      i = index(text)
      @journey.touchpoint_list_remove(@id, @list, i) unless i.nil?
      i.nil? ? nil : text
    end

    def delete_at(index)
      @journey.touchpoint_list_remove(@id, @list, index)
    end

    def clear
      delete_at(size - 1) while size.positive?
      self
    end

    def ==(other)
      to_a == other.to_a
    end

    def inspect
      to_a.inspect
    end
    alias to_s inspect
  end

  # One touchpoint, addressed by id.
  class Touchpoint
    FIELDS = %i[name description department channel owner layer moment_of_truth score expectation
                experience adequate desired importance duration reach actors pain_points
                opportunities quotes metrics].freeze

    attr_reader :journey, :id

    def initialize(journey, id)
      @journey = journey
      @id = id
    end

    Journeys::TEXTS.each do |name, code|
      define_method(name) { @journey.touchpoint_get_text(@id, code) }
      define_method("#{name}=") { |v| @journey.touchpoint_set_text(@id, code, v.nil? ? (name == :name ? '' : nil) : v.to_s) }
    end

    Journeys::NUMBERS.each do |name, code|
      define_method(name) { @journey.touchpoint_get_number(@id, code) }
      define_method("#{name}=") { |v| @journey.touchpoint_set_number(@id, code, v.nil? ? Float::NAN : Float(v)) }
    end

    Journeys::LISTS.each do |name, code|
      define_method(name) { TouchpointList.new(@journey, @id, code) }
      define_method("#{name}=") do |values|
        list = TouchpointList.new(@journey, @id, code)
        values = values.to_a
        list.clear
        values.each { |v| list << v }
      end
    end

    def exists?
      @journey.touchpoint_find(@id)
      true
    rescue CX::NotFound
      false
    end

    def stage
      Stage.new(@journey, @journey.stage_id(@journey.touchpoint_find(@id)[0]))
    end

    def position
      @journey.touchpoint_find(@id)[1]
    end

    # Channel name: built-in ("web"...), the custom name, or "none".
    def channel
      @journey.touchpoint_get_channel(@id)[1]
    end

    # A built-in name, or any other name as a custom channel; nil unsets.
    def channel=(value)
      if value.nil? || value.to_s.empty?
        @journey.touchpoint_set_channel(@id, CHANNEL_NONE, nil)
      elsif value.is_a?(Integer)
        @journey.touchpoint_set_channel(@id, value, nil)
      else
        begin
          code = CX.channel_parse(value.to_s)
          @journey.touchpoint_set_channel(@id, code, nil)
        rescue CX::ParseError
          @journey.touchpoint_set_channel(@id, CHANNEL_CUSTOM, value.to_s)
        end
      end
    end

    def custom_channel?
      @journey.touchpoint_get_channel(@id)[0] == CHANNEL_CUSTOM
    end

    def owner
      Journeys::OWNERS[@journey.touchpoint_get_owner(@id)]
    end

    def owner=(value)
      code = if value.nil? then OWNER_NONE
             elsif value.is_a?(Integer) then value
             else CX.owner_parse(value.to_s)
             end
      @journey.touchpoint_set_owner(@id, code)
    end

    def layer
      Journeys::LAYERS[@journey.touchpoint_get_layer(@id)]
    end

    def layer=(value)
      code = if value.nil? then LAYER_NONE
             elsif value.is_a?(Integer) then value
             else CX.layer_parse(value.to_s)
             end
      @journey.touchpoint_set_layer(@id, code)
    end

    def moment_of_truth?
      @journey.touchpoint_get_moment_of_truth(@id) != 0
    end
    alias moment_of_truth moment_of_truth?

    def moment_of_truth=(flag)
      @journey.touchpoint_set_moment_of_truth(@id, flag ? 1 : 0)
    end

    # Named metric values as a Hash (a copy; set with metrics= or set_metric).
    def metrics
      (0...@journey.touchpoint_metric_count(@id)).to_h do |i|
        name = @journey.touchpoint_metric_name(@id, i)
        [name, @journey.touchpoint_metric_get(@id, name)]
      end
    end

    def metrics=(hash)
      metrics.each_key { |k| @journey.touchpoint_metric_remove(@id, k) }
      hash.each { |k, v| set_metric(k, v) }
    end

    def set_metric(name, value)
      @journey.touchpoint_metric_set(@id, name.to_s, Float(value))
      self
    end

    def remove_metric(name)
      @journey.touchpoint_metric_remove(@id, name.to_s)
      self
    end

    def normalized_score
      @journey.normalize(score)
    end

    def gap
      g = @journey.touchpoint_gap(@id)
      TouchpointGap.new(id: @id, gap: g.gap, adequacy: g.adequacy, superiority: g.superiority,
                        zone: Journeys::ZONES[g.zone])
    end

    def pain_point?
      g = gap.gap
      !g.nan? && g.negative?
    end

    # Move to +stage+ (a Stage or id; nil keeps it) at +position+ (nil: last).
    def move(stage: nil, position: nil)
      stage = stage.id if stage.is_a?(Stage)
      @journey.touchpoint_move(@id, stage, Journeys.position(position))
      self
    end

    def remove
      @journey.touchpoint_remove(@id)
    end

    def update(**fields)
      fields.each do |name, value|
        raise ArgumentError, "unknown touchpoint field #{name}" unless FIELDS.include?(name)

        send("#{name}=", value)
      end
      self
    end

    def to_h
      { id: @id, stage: stage.id }.merge(FIELDS.to_h do |f|
        v = send(f)
        [f, v.is_a?(TouchpointList) ? v.to_a : v]
      end)
    end

    def ==(other)
      other.is_a?(Touchpoint) && other.journey.equal?(@journey) && other.id == @id
    end
    alias eql? ==

    def hash
      [@journey.object_id, @id].hash
    end

    def inspect
      "#<CX::Touchpoint #{@id.inspect} name=#{name.inspect} score=#{score}>"
    end
    alias to_s inspect
  end

  # One stage, addressed by id: Enumerable over its touchpoints.
  class Stage
    include Enumerable

    attr_reader :journey, :id

    def initialize(journey, id)
      @journey = journey
      @id = id
    end

    def index
      @journey.stage_find(@id)
    end

    def name
      @journey.stage_get_text(@id, STAGE_NAME)
    end

    def name=(value)
      @journey.stage_set_text(@id, STAGE_NAME, value.to_s)
    end

    def description
      @journey.stage_get_text(@id, STAGE_DESCRIPTION)
    end

    def description=(value)
      @journey.stage_set_text(@id, STAGE_DESCRIPTION, value)
    end

    def touchpoints
      s = index
      (0...@journey.stage_size(s)).map { |p| Touchpoint.new(@journey, @journey.touchpoint_at(s, p)) }
    end

    def each(&block)
      return enum_for(:each) { size } unless block

      touchpoints.each(&block)
      self
    end

    def size
      @journey.stage_size(index)
    end
    alias length size

    def empty?
      size.zero?
    end

    def [](key)
      return touchpoints[key] if key.is_a?(Integer)

      tp = @journey.touchpoint(key.to_s)
      raise CX::NotFound, "touchpoint #{key.inspect} is not in stage #{@id.inspect}" unless tp.stage.id == @id

      tp
    end

    # Add a touchpoint (at +position+, nil: last) and set +fields+.
    def add_touchpoint(id, name = nil, position: nil, **fields)
      if position.nil?
        @journey.touchpoint_add(@id, id.to_s, name)
      else
        @journey.touchpoint_insert(@id, Integer(position), id.to_s, name)
      end
      tp = Touchpoint.new(@journey, id.to_s)
      begin
        tp.update(**fields)
      rescue StandardError
        @journey.touchpoint_remove(id.to_s)
        raise
      end
      tp
    end

    def move(index)
      @journey.stage_move(@id, Journeys.position(index))
      self
    end

    def remove(touchpoints: false)
      @journey.stage_remove(@id, touchpoints ? JOURNEY_REMOVE_TOUCHPOINTS : 0)
    end

    def score(**options)
      @journey.score_stage(@id, Journeys.score_options(**options))
    end

    def dropoff
      d = @journey.stage_dropoff(@id)
      Dropoff.new(stage: @id, reach: d.reach, previous: d.previous, drop: d.drop, drop_share: d.drop_share)
    end

    def ==(other)
      other.is_a?(Stage) && other.journey.equal?(@journey) && other.id == @id
    end
    alias eql? ==

    def hash
      [@journey.object_id, @id].hash
    end

    def inspect
      "#<CX::Stage #{@id.inspect} name=#{name.inspect} #{size} touchpoints>"
    end
    alias to_s inspect
  end

  # An actor (persona), addressed by id.
  class Actor
    attr_reader :journey, :id

    def initialize(journey, id)
      @journey = journey
      @id = id
    end

    def name
      @journey.actor_get_name(@id)
    end

    def name=(value)
      @journey.actor_set_name(@id, value.to_s)
    end

    def score(**options)
      @journey.score_actor(@id, Journeys.score_options(**options))
    end

    def remove
      @journey.actor_remove(@id)
    end

    def ==(other)
      other.is_a?(Actor) && other.journey.equal?(@journey) && other.id == @id
    end

    def inspect
      "#<CX::Actor #{@id.inspect} name=#{name.inspect}>"
    end
    alias to_s inspect
  end

  # Differences between two journeys: Enumerable over Change records.
  class JourneyDiff
    include Enumerable

    def changes
      @changes ||= (0...count).map do |i|
        Change.new(kind: CX.journey_change_kind_name(kind(i)), element: CX.journey_element_name(element(i)),
                   id: id(i), field: field(i), old: old_value(i), new: new_value(i))
      end.freeze
    end

    def each(&block)
      return enum_for(:each) { size } unless block

      changes.each(&block)
      self
    end

    def size
      count
    end
    alias length size

    def empty?
      count.zero?
    end

    def before
      scores_before
    end

    def after
      scores_after
    end

    # after - before per aggregate.
    def score_changes
      Journeys::AGGREGATES.each_with_index.to_h { |a, i| [a, score_change(i)] }
    end

    def of_kind(kind)
      changes.select { |c| c.kind == kind.to_s }
    end

    def inspect
      "#<CX::JourneyDiff #{count} changes>"
    end
    alias to_s inspect
  end

  class Journey
    include Enumerable

    alias c_initialize initialize
    alias c_id id
    alias c_score score
    alias c_validate validate
    alias c_to_json to_json
    alias c_to_mermaid to_mermaid

    # An empty journey with a fixed +id+; title:, description:, scale:
    # [min, neutral, max] (default [1, 3, 5]).
    def initialize(id = nil, title: nil, description: nil, scale: nil)
      c_initialize(id)
      self.title = title unless title.nil?
      self.description = description unless description.nil?
      self.scale = scale unless scale.nil?
    end

    def self.from_json(text, name: nil, **options)
      Journeys.from_json(text: text, name: name, **options)
    end

    def self.from_mermaid(text, name: nil, **options)
      Journeys.from_mermaid(text: text, name: name, **options)
    end

    # Load a JSON or Mermaid (.mmd, .mermaid) file, by extension unless
    # format: says.
    def self.load(path, format: nil, **options)
      case Journeys.format_of(path, format)
      when :json then Journeys.from_json(path: path, **options)
      when :mermaid then Journeys.from_mermaid(path: path, **options)
      else raise CX::InvalidArgument, "unknown journey format #{format.inspect}"
      end
    end

    def self._load(text)
      from_json(text)
    end

    # Marshal support: the journey's JSON.
    def _dump(_level)
      to_json(indent: 0)
    end

    def to_json(*args, indent: 2)
      # JSON.generate passes a state object; the document is the same.
      _ = args
      c_to_json(Integer(indent))
    end

    def to_mermaid
      c_to_mermaid
    end

    def save(path, format: nil, indent: 2)
      text = Journeys.format_of(path, format) == :mermaid ? to_mermaid : to_json(indent: indent)
      File.write(path.to_s, text)
      self
    end

    # The journey map as SVG text.
    def to_svg(width: 0, theme: :light, lanes: :all, title: nil)
      CX.journey_render_svg(self, Integer(width), Journeys.choice(theme, Journeys::THEMES, 'theme'),
                            Journeys.lanes(lanes), title)
    end

    def id
      c_id
    end

    def title
      get_text(JOURNEY_TITLE)
    end

    def title=(value)
      set_text(JOURNEY_TITLE, value)
    end

    def description
      get_text(JOURNEY_DESCRIPTION)
    end

    def description=(value)
      set_text(JOURNEY_DESCRIPTION, value)
    end

    # [min, neutral, max]
    def scale
      get_scale
    end

    def scale=(value)
      lo, neutral, hi = value.map { |x| Float(x) }
      set_scale(lo, neutral, hi)
    end

    def actors
      (0...n_actors).map { |i| Actor.new(self, actor_id(i)) }
    end

    def add_actor(id, name = nil)
      actor_add(id.to_s, name)
      Actor.new(self, id.to_s)
    end

    def actor(id)
      actor_find(id.to_s)
      Actor.new(self, id.to_s)
    end

    def stages
      (0...n_stages).map { |i| Stage.new(self, stage_id(i)) }
    end

    # The stages, in order.
    def each(&block)
      return enum_for(:each) { size } unless block

      stages.each(&block)
      self
    end

    def size
      n_stages
    end
    alias length size

    def touchpoints
      (0...n_touchpoints).map { |i| Touchpoint.new(self, touchpoint_id(i)) }
    end

    def each_touchpoint(&block)
      return enum_for(:each_touchpoint) { n_touchpoints } unless block

      touchpoints.each(&block)
      self
    end

    def add_stage(id, name = nil, position: nil, description: nil)
      if position.nil?
        stage_add(id.to_s, name)
      else
        stage_insert(Integer(position), id.to_s, name)
      end
      s = Stage.new(self, id.to_s)
      s.description = description unless description.nil?
      s
    end

    def stage(key)
      return Stage.new(self, stage_id(key.negative? ? key + n_stages : key) || raise(IndexError, "stage #{key}")) if key.is_a?(Integer)

      stage_find(key.to_s)
      Stage.new(self, key.to_s)
    end

    def touchpoint(id)
      touchpoint_find(id.to_s)
      Touchpoint.new(self, id.to_s)
    end

    # A stage or touchpoint by id; a stage by index.
    def [](key)
      return stage(key) if key.is_a?(Integer)

      stage_find(key.to_s)
      Stage.new(self, key.to_s)
    rescue CX::NotFound
      touchpoint(key)
    end

    def include?(key)
      self[key]
      true
    rescue CX::NotFound, IndexError
      false
    end

    # Every problem at once, as an Array of Problem records.
    def validate
      p = c_validate
      (0...p.count).map do |i|
        Problem.new(code: CX.journey_problem_code_name(p.code(i)), element: CX.journey_element_name(p.element(i)),
                    id: p.id(i), field: p.field(i), message: p.message(i))
      end
    end

    def valid?
      validate.empty?
    end

    # JourneyScores of the journey, of one stage: or of one actor:.
    def score(stage: nil, actor: nil, **options)
      raise CX::InvalidArgument, 'score a stage or an actor, not both' if stage && actor

      o = Journeys.score_options(**options)
      return score_stage(stage.is_a?(Stage) ? stage.id : stage.to_s, o) if stage
      return score_actor(actor.is_a?(Actor) ? actor.id : actor.to_s, o) if actor

      c_score(o)
    end

    def stage_scores(**options)
      stages.to_h { |s| [s.id, s.score(**options)] }
    end

    def gaps
      touchpoints.map(&:gap)
    end

    # Touchpoints below expectation ranked by -gap x importance x reach.
    def pain_points
      r = rank_pain_points
      (0...r.count).map do |i|
        tid = r.id(i)
        PainPoint.new(rank: i + 1, id: tid, name: touchpoint_get_text(tid, TP_NAME),
                      priority: r.priority(i), gap: r.gap(i))
      end
    end

    def dropoff
      stages.map(&:dropoff)
    end

    def ending
      e = check_ending
      Ending.new(flagged: e.flagged != 0,
                 final_stage: e.final_stage == JOURNEY_END ? nil : stage_id(e.final_stage),
                 final_mean: e.final_mean, journey_mean: e.journey_mean, shortfall: e.shortfall)
    end

    def ends_on_a_positive_note?
      !ending.flagged?
    end

    # Compare this journey (before) with +other+ (after): a JourneyDiff.
    def diff(other, **options)
      CX.journey_diff_new(self, other, Journeys.score_options(**options))
    end

    def dup
      CX.journey_copy(self)
    end
    alias clone dup

    def ==(other)
      other.is_a?(Journey) && equal(other) != 0
    end

    def inspect
      "#<CX::Journey #{id.inspect} #{n_stages} stages, #{n_touchpoints} touchpoints>"
    end
    alias to_s inspect
  end
end
