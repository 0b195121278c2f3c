package bot

import "github.com/nhttf/frontdoor/flows"

// Campaign words (flows.Trigger): a message that is only a flow's trigger word starts that
// flow's start state in the trigger's language. It does so as a first message and at any point
// outside a handoff (there it is relayed to staff like any message) and outside a question
// (there it is the answer); a menu is left for the campaign's flow.

// trigger returns the campaign word the message is, when one may start a flow now. The caller
// has already passed the handoff and the engine's own pending questions.
func (t *turn) trigger() (flows.Trigger, bool) {
	tr, ok := t.e.flows.Trigger(t.in.Body)
	if !ok {
		return tr, false
	}
	if st, found := t.e.flows.State(t.Session.State); found && st.Ask != nil {
		return tr, false
	}
	return tr, true
}

// CampaignStat is the counter of the conversations a campaign word started: "campaign:" and
// the word folded (campaign:parents). It names the word, never anything of the texter.
func CampaignStat(tr flows.Trigger) string { return StatLabel(StatCampaign, tr.Key()) }

// startCampaign starts the flow of trigger tr in its language, forgetting the conversation the
// texter was in, and counts the start: once per conversation, so a texter who sends the word
// again while still in its flow goes back to its start without being counted again (one who
// left the flow and comes back with the word is counted again).
func (t *turn) startCampaign(tr flows.Trigger) error {
	f, ok := t.e.flows.Flow(tr.Flow)
	if !ok { // the set checked it; only a bug gets here
		return t.enter(t.e.flows.StartState().ID)
	}
	if t.Session.Flow != f.Name {
		t.Counts.Add(CampaignStat(tr), 1)
	}
	t.endFlow()
	t.Session.Lang = tr.Lang
	return t.enter(f.Name + "." + f.Start)
}
