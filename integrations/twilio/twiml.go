package twilio

import "github.com/twilio/twilio-go/twiml"

// Reply renders replies as TwiML, one <Message> each, escaped by twilio-go's twiml package.
// No replies gives <Response/>: Twilio sends nothing.
func Reply(replies []string) ([]byte, error) {
	var verbs []twiml.Element
	for _, r := range replies {
		if r == "" {
			continue // an empty <Message/> would be an empty SMS
		}
		verbs = append(verbs, twiml.MessagingMessage{Body: r})
	}
	x, err := twiml.Messages(verbs)
	return []byte(x), err
}
