package bot

import (
	"errors"
	"strings"
	"time"
)

// ChannelWhatsApp is a texter on WhatsApp through Twilio. The address is Twilio's, prefix
// included ("whatsapp:+15550100001", or "whatsapp:" and a business-scoped id such as
// "whatsapp:US.13491208655302741918" for someone who hides their number): an opaque string,
// never parsed as a number, never shown.
const ChannelWhatsApp Channel = "whatsapp"

// whatsAppPrefix starts every WhatsApp address, as Twilio writes them.
const whatsAppPrefix = "whatsapp:"

// ChannelOf returns the channel an address belongs to: a "whatsapp:" address is WhatsApp, a
// "web:" one the web chat, anything else an SMS number. (Slack users never reach a Sender, so
// their IDs never ask.)
func ChannelOf(address string) Channel {
	switch {
	case strings.HasPrefix(address, whatsAppPrefix):
		return ChannelWhatsApp
	case strings.HasPrefix(address, webPrefix):
		return ChannelWeb
	}
	return ChannelSMS
}

// Label is how staff and reports name the channel: "SMS", "WhatsApp", "web chat", "Slack DM".
func (c Channel) Label() string {
	switch c {
	case ChannelWhatsApp:
		return "WhatsApp"
	case ChannelWeb:
		return "web chat"
	case ChannelSlack:
		return "Slack DM"
	case ChannelSMS, "":
		return "SMS"
	}
	return string(c)
}

// WhatsAppWindow is how long after a texter's last WhatsApp message a business may still send
// them a free-form message. Later only an approved template could go, and Frontdoor sends none:
// it never writes first.
const WhatsAppWindow = 24 * time.Hour

// ErrWindowClosed refuses a send to a WhatsApp texter whose last message is more than
// WhatsAppWindow old: WhatsApp would refuse it, so it is not attempted.
var ErrWindowClosed = errors.New("the texter's last WhatsApp message is more than 24 hours old: WhatsApp allows no reply")

// windowClosed reports whether s is a WhatsApp conversation outside WhatsAppWindow at now.
func windowClosed(s Session, now time.Time) bool {
	return s.Channel == ChannelWhatsApp && now.Sub(s.LastInbound) > WhatsAppWindow
}

// shownChannel is ch for the effects that draw a handoff post, "" for SMS: the post names a
// channel only when it is not the usual one, and SMS effects stay as they were.
func shownChannel(ch Channel) Channel {
	if ch == ChannelSMS {
		return ""
	}
	return ch
}
