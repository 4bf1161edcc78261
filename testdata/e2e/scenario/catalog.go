package scenario

import "github.com/raceline/raceline/internal/config"

// Scenario is one kind of instance: a planted race of one rule, or a
// near-miss (Rule "") that looks like one and is not.
type Scenario struct {
	Name string
	Rule string
	run  func(*step)
}

// Scenarios lists every scenario, positives first.
var Scenarios = []Scenario{
	{config.RuleStaleReadPendingJob, config.RuleStaleReadPendingJob, staleRead},
	{config.RuleReadYourWrites, config.RuleReadYourWrites, readYourWrites},
	{config.RulePartialRead, config.RulePartialRead, partialRead},
	{config.RuleStaleCacheFill, config.RuleStaleCacheFill, staleCacheFill},
	{config.RuleLostUpdate, config.RuleLostUpdate, lostUpdate},
	{"near-miss/read-after-job", "", readAfterJob},
	{"near-miss/unrelated-key", "", unrelatedKey},
	{"near-miss/job-only-reads", "", jobOnlyReads},
	{"near-miss/db-direct", "", dbDirect},
	{"near-miss/polling", "", polling},
	{"near-miss/atomic-update", "", atomicUpdate},
	{"near-miss/stampede", "", stampede},
	{"near-miss/queue", "", queueOnly},
	{"near-miss/dropped-producer", "", droppedProducer},
}
