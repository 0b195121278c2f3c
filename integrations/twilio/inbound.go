package twilio

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/nhttf/frontdoor/bot"
)

// ErrMissingField is wrapped by parse errors; the error names the field, never its value.
var ErrMissingField = errors.New("a required field is missing")

// ParseInbound reads an inbound SMS or WhatsApp webhook's form into a bot.Inbound. Only
// MessageSid, From, Body and NumMedia are read (and whether a WhatsApp message is a shared
// location): the geo fields, To*, and WhatsApp's ProfileName, WaId, Latitude, Longitude, Address
// and Label are dropped here, and media URLs are never fetched (only counted).
//
// The channel is read from the address: "whatsapp:..." is WhatsApp (bot.ChannelWhatsApp), and the
// address is kept whole, as Twilio wrote it, since a reply goes back to exactly that. After the
// prefix comes a number or a business-scoped id (Meta's id for someone who hides their number,
// such as "US.13491208655302741918"); either is an opaque string here, never parsed as a number.
// A location is counted as one attachment: Frontdoor reads no places.
func ParseInbound(form url.Values) (bot.Inbound, error) {
	in := bot.Inbound{
		ID:   firstOf(form, "MessageSid", "SmsMessageSid", "SmsSid"),
		From: form.Get("From"),
		Body: form.Get("Body"),
	}
	if in.ID == "" {
		return bot.Inbound{}, fmt.Errorf("%w: MessageSid", ErrMissingField)
	}
	if in.From == "" {
		return bot.Inbound{}, fmt.Errorf("%w: From", ErrMissingField)
	}
	in.Channel = bot.ChannelOf(in.From)
	if err := checkAddress(in.From, in.Channel); err != nil {
		return bot.Inbound{}, err
	}
	if n, err := strconv.Atoi(form.Get("NumMedia")); err == nil && n > 0 {
		in.Media = min(n, 10) // Twilio sends at most 10
	}
	if in.Channel == bot.ChannelWhatsApp && isLocation(form) {
		in.Media = min(in.Media+1, 10)
	}
	return in, nil
}

// ErrBadAddress is wrapped when From is not an address a reply could go to; the error never
// quotes it.
var ErrBadAddress = errors.New("the sender's address is malformed")

// maxAddress bounds an address: "whatsapp:" and a business-scoped id (a country code, a dot and up
// to 128 characters, or a parent id with ".ENT.") fit with room to spare.
const maxAddress = 160

// checkAddress refuses an address that is empty after its channel prefix, too long, or holds a
// space or control character. It does not check that it is a number.
func checkAddress(addr string, ch bot.Channel) error {
	id := addr
	if ch == bot.ChannelWhatsApp {
		id = strings.TrimPrefix(addr, "whatsapp:")
	}
	if id == "" || len(addr) > maxAddress || strings.ContainsFunc(addr, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fmt.Errorf("%w: From", ErrBadAddress)
	}
	return nil
}

// isLocation reports a WhatsApp location message (MessageType "location", or its coordinates).
func isLocation(form url.Values) bool {
	return form.Get("MessageType") == "location" || form.Get("Latitude") != "" || form.Get("Longitude") != ""
}

// ParseInboundJSON reads a webhook sent with a JSON body (a flat object of the same fields).
func ParseInboundJSON(body []byte) (bot.Inbound, error) {
	form, err := jsonForm(body)
	if err != nil {
		return bot.Inbound{}, err
	}
	return ParseInbound(form)
}

// jsonForm turns a flat JSON object into form values; nested values are ignored.
func jsonForm(body []byte) (url.Values, error) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, errors.New("the body is not a JSON object")
	}
	form := url.Values{}
	for k, v := range m {
		switch v := v.(type) {
		case string:
			form.Set(k, v)
		case float64:
			form.Set(k, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	return form, nil
}

func firstOf(form url.Values, keys ...string) string {
	for _, k := range keys {
		if v := form.Get(k); v != "" {
			return v
		}
	}
	return ""
}
