# frozen_string_literal: true

# NPS, CSAT and CES with the Ruby binding on the bundled metrics file.
#
#   ruby -I build/bindings/ruby examples/ruby/metrics.rb [nps.svg]
require 'cx'
require 'tmpdir'

data = ENV.fetch('CX_EXAMPLES_DATA', File.join(__dir__, '..', 'data'))
path = File.join(data, 'cx_metrics.csv')

nps = CX::Metrics.read_csv(path, metric: :nps)
puts "NPS by segment (#{File.basename(path)}):"
result = nps.result(percent: true, seed: 1)
result.each do |row|
  puts format('  %-16s n %5.0f  NPS %6.1f  adjusted Wald [%6.1f, %6.1f]', row.segment, row.n, row.nps,
              row.adjusted_lo, row.adjusted_hi)
end
pooled = result.pooled
puts format('  %-16s n %5.0f  NPS %6.1f', 'all', pooled.n, pooled.nps)
if result.size >= 2
  a, b = result.segments.first(2)
  d = result.diff(a, b)
  puts format('  %s - %s: %+.1f points (SE %.1f, p = %.3f)', a, b, d.difference, d.se, d.p_value)
end

# The NPS chart: the pooled row, then one row per segment.
out = ARGV[0] || File.join(Dir.tmpdir, 'nps_by_segment_rb.svg')
File.write(out, result.to_svg(title: 'NPS by segment', interval: :bootstrap))
puts "NPS chart: #{out}"

csat = CX::Metrics.read_csv(path, metric: :csat)
row = csat.compute(method: :top2box)
puts format('CSAT top-2-box %.1f%% [%.1f%%, %.1f%%]', 100 * row.value, 100 * row.lo, 100 * row.hi)

ces = CX::Metrics.read_csv(path, metric: :ces, version: 2)
row = ces.compute
puts format('CES %.2f (share easy %.1f%%)', row.mean, 100 * row.share_easy)

copy = Marshal.load(Marshal.dump(nps))
raise 'Marshal round trip changed the survey' unless copy.serialize == nps.serialize
