#!/usr/bin/env ruby
# frozen_string_literal: true

# A tour of the Kano classes of the CX extension on the bundled survey.
# Run from a build folder:
#   ruby -I build/bindings/ruby examples/ruby/kano.rb
require 'cx'

data = ENV.fetch('CX_EXAMPLES_DATA', File.join(__dir__, '..', 'data'))
path = ARGV[0] || File.join(data, 'kano_survey.csv')

# 1. Read the CSV (long layout, answers as text in several wordings).
survey = CX::Kano.read_csv(path)
puts "#{File.basename(path)}: #{survey.n_features} features, segments #{survey.segments.join(', ')}"

# 2. Results with the M > O > A > I rule; KanoResult is Enumerable.
result = survey.result(rule: :moai, threshold: 0.06)
puts
result.each do |row|
  printf("%-36s %-2s better %6.3f worse %6.3f %s\n", row.feature, row.category || '-',
         row.better, row.worse, row.significant? ? 'significant' : 'not significant')
end
attractive = result.select { |row| row.category == 'A' }.map(&:feature)
puts "\nattractive: #{attractive.join(', ')}"

# 3. One feature per segment.
name = result.features.first
result.segments.each do |segment|
  row = result[name, segment]
  puts "#{name} in #{segment}: #{row.category} #{row.share.map { |c, s| format('%s %.0f%%', c, 100 * s) }.join(', ')}"
end

# 4. Accumulators Marshal and merge.
copy = Marshal.load(Marshal.dump(survey))
raise 'round trip changed the survey' unless copy.serialize == survey.serialize

puts "merged survey: #{(survey + copy).result[name].n_raw} pairs for #{name}"

# 5. Errors carry the place of the problem.
begin
  CX::Kano.read_csv_buffer("feature,functional,dysfunctional\nX,I like it,meh\n", name: 'inline.csv')
rescue CX::ParseError => e
  puts "ParseError at #{e.path}:#{e.line}:#{e.column}, value #{e.value.inspect}"
end

# 6. The Kano diagram.
puts "SVG diagram: #{result.svg(title: 'Onboarding features').bytesize} bytes"
