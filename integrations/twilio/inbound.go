package twilio

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/nhttf/frontdoor/bot"
)

// ErrMissingField is wrapped by parse errors; the error names the field, never its value.
var ErrMissingField = errors.New("a required field is missing")

// ParseInbound reads an inbound SMS webhook's form into a bot.Inbound. Only MessageSid, From,
// Body and NumMedia are read: the geo fields and To* are dropped here, and media URLs are never
// fetched (only counted).
func ParseInbound(form url.Values) (bot.Inbound, error) {
	in := bot.Inbound{
		ID:      firstOf(form, "MessageSid", "SmsMessageSid", "SmsSid"),
		Channel: bot.ChannelSMS,
		From:    form.Get("From"),
		Body:    form.Get("Body"),
	}
	if in.ID == "" {
		return bot.Inbound{}, fmt.Errorf("%w: MessageSid", ErrMissingField)
	}
	if in.From == "" {
		return bot.Inbound{}, fmt.Errorf("%w: From", ErrMissingField)
	}
	if n, err := strconv.Atoi(form.Get("NumMedia")); err == nil && n > 0 {
		in.Media = min(n, 10) // Twilio sends at most 10
	}
	return in, nil
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
