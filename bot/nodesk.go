package bot

import "slices"

// noDeskTexts answer a handoff where no staff desk is wired: nobody would read the texter, so
// nothing may promise a person. They give 911 and the hotline instead, within two SMS segments.
var noDeskTexts = map[string]string{
	"en": "No staff member can text with you here right now. If you are in danger, call 911. National Human Trafficking Hotline, 24/7 and confidential: call " +
		HotlineCall + " or text " + HotlineText + ".",
	"es": "Ahora nadie del personal puede escribirle aquí. Si corre peligro, llame al 911. Línea Nacional contra la Trata: " + HotlineCall + ".",
}

// NoDeskReply is the answer to a handoff without a desk, in lang (or English).
func NoDeskReply(lang string) string { return text(noDeskTexts, lang) }

// WithoutDesk returns a copy of e for a front door with no staff desk: a state that hands off
// says NoDeskReply instead of its own text (which may say "connecting"), opens no handoff and
// ends the flow, so the texter's next message starts at the menu.
func (e *Engine) WithoutDesk() *Engine {
	c := *e
	c.noDesk = true
	return &c
}

// WithoutRepliesOn returns a copy of e for a front door that cannot send to channel ch (no
// sender is configured for it): texters there still get every answer the flows give, but a
// handoff says NoDeskReply, as without a desk, and a texter in danger is given 911 and the
// hotline rather than the offer of a person, since staff could not reply.
func (e *Engine) WithoutRepliesOn(ch Channel) *Engine {
	c := *e
	c.noReplyOn = append(slices.Clip(e.noReplyOn), ch)
	return &c
}

// cannotReply reports whether staff could not answer a texter on ch: no desk at all, or no
// sender for that channel.
func (e *Engine) cannotReply(ch Channel) bool { return e.noDesk || slices.Contains(e.noReplyOn, ch) }
