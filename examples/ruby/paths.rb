# frozen_string_literal: true

# Observed journeys with the CX extension: read the bundled onboarding event
# log, print the funnel, the most frequent paths and the attribution of
# account openings, draw the directly-follows graph, and compare the cases
# with the designed onboarding journey, saving it with the observed reach.
# Last, the same graph from a graph-only log, whose memory does not grow
# with the events.
#
# Run from a build folder:
#   ruby -I build/bindings/ruby examples/ruby/paths.rb [outdir]
require 'cx'
require 'tmpdir'

data = ENV.fetch('CX_EXAMPLES_DATA', File.join(__dir__, '..', 'data'))
outdir = ARGV[0] || Dir.tmpdir
events = File.join(data, 'events', 'onboarding_events.csv')
log = CX::Paths.read_csv(events)
result = log.result
s = result.summary
puts format('%<e>d events, %<c>d customers, %<k>d opened an account (%<p>.1f%%)',
            e: s.n_events, c: s.n_cases, k: s.n_converted, p: 100.0 * s.n_converted / s.n_cases)

steps = %w[account-page online-application id-upload contract-signing]
funnel = log.funnel(steps, window: '30d')
puts "\nFunnel (ordered, 30-day window):"
funnel.each do |step|
  puts format('  %<k>d. %-20<n>s %5<r>d reached  %5.1<f>f%% of step 1  median %8.0<t>f s',
              k: step.step, n: step.name, r: step.reached, f: 100 * step.from_first, t: step.median_time)
end
funnel.segments.each { |seg| puts format('  %-16<s>s %<r>s', s: seg, r: funnel[seg].map(&:reached).join(' > ')) }

puts "\nTop 5 paths:"
result.variants(top: 5).each do |v|
  puts format('  %<c>4d cases %<k>4d converted  %<p>s', c: v.count, k: v.converted, p: v.path.join(' > '))
end

attribution = result.attribution
puts format("\nAttribution of account openings (P(conversion) = %.3f):", attribution.summary.p_conversion)
attribution.sort_by { |c| -c.markov }.first(6).each do |c|
  puts format('  %-20<n>s removal effect %.3<re>f  markov %7.2<m>f  first %4<f>d  last %4<l>d',
              n: c.name, re: c.removal_effect, m: c.markov, f: c.first_touch, l: c.last_touch)
end

svg = File.join(outdir, 'onboarding_paths_rb.svg')
File.write(svg, result.to_svg(min_count: 20, title: 'Onboarding: observed paths'))
puts "\ndirectly-follows graph: #{svg}"

journey = CX::Journey.load(File.join(data, 'journeys', 'onboarding.json'))
conformance = result.conformance(journey)
c = conformance.summary
puts format('%<f>d of %<n>d customers follow the designed order', f: c.following, n: c.cases)
conformance.apply(journey)
observed = File.join(outdir, 'onboarding_observed_rb.json')
journey.save(observed)
puts "journey with observed reach: #{observed}"
raise 'reach not saved' unless CX::Journey.load(observed)['account-page'].reach == conformance['account-page'].reach

# A graph-only log adds each event to the graph as it arrives and keeps per
# customer only its first and last times, last touchpoint and visits, so its
# memory grows with the customers, never with the events: the choice for
# huge logs whose events come in time order within each customer (this
# export's do).  It has the graph, touchpoint figures, conversions and
# durations, but no paths: no variants, funnels, attribution or conformance.
graph_only = CX::Paths.read_csv(events, graph_only: true).result
same = graph_only.edges == result.edges
puts format("\nGraph-only log: %<e>d events, %<n>d edges, the same graph as the full log: %<s>s",
            e: graph_only.summary.n_events, n: graph_only.n_edges, s: same ? 'yes' : 'no')
raise 'graph-only log differs' unless same && graph_only.summary.n_cases == s.n_cases
