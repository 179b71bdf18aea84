# frozen_string_literal: true

# A journey map with the Ruby binding: build the onboarding journey in
# code, score it, rank its pain points and draw it.
#
#   ruby -I build/bindings/ruby examples/ruby/journey.rb [out.svg]
require 'tmpdir'
require 'cx'

j = CX::Journey.new('onboarding', title: 'Becoming a customer')
j.add_actor('new-customer', 'New customer')
j.add_actor('advisor', 'Advisor')

j.add_stage('orientation', 'Orientation')
 .add_touchpoint('ad', 'Sees an advert', channel: 'social', owner: 'brand', score: 4, reach: 10_000)
comparison = j.add_stage('comparison', 'Comparison')
comparison.add_touchpoint('compare-site', 'Comparison site', channel: 'web', owner: 'social',
                                                              score: 3, expectation: 4, experience: 3,
                                                              importance: 2, reach: 4000)
sign_up = j.add_stage('sign-up', 'Sign-up')
form = sign_up.add_touchpoint('form', 'Online form', channel: 'web', score: 2, expectation: 4,
                                                     experience: 2, importance: 3, reach: 2500,
                                                     actors: ['new-customer'])
form.pain_points << 'asks for the same data twice'
sign_up.add_touchpoint('id-check', 'Video identity check', channel: 'app', score: 3,
                                                           expectation: 3, experience: 2.5, reach: 2100)
onboarding = j.add_stage('onboarding', 'Onboarding')
onboarding.add_touchpoint('welcome', 'Welcome call', channel: 'phone', score: 5, reach: 1800,
                                                     moment_of_truth: true, actors: %w[new-customer advisor])

puts "#{j.title}: #{j.size} stages, #{j.touchpoints.size} touchpoints"
j.each { |stage| puts format('  %-12s %s', stage.name, stage.map(&:name).join(', ')) }
puts "valid: #{j.valid?}"

s = j.score
puts format('mean %.3f, peak %.3f, trough %.3f, end %.3f, peak-end %.3f', s.mean, s.peak, s.trough,
            s.end, s.peak_end)
puts 'pain points:'
j.pain_points.each { |p| puts format('  %d. %-22s gap %.2f priority %.0f', p.rank, p.name, p.gap, p.priority) }
j.dropoff.each do |d|
  puts format('  %-12s reach %6.0f, lost %5.1f%%', d.stage, d.reach, 100 * d.drop_share) unless d.drop.nan?
end
puts "ends on a positive note: #{j.ends_on_a_positive_note?}"
puts j.to_mermaid

out = ARGV[0] || File.join(Dir.tmpdir, 'onboarding_journey_rb.svg')
File.write(out, j.to_svg)
puts "journey map: #{out}"
raise 'unexpected pain points' unless j.pain_points.first.id == 'form'
