package twilio_test

import (
	"encoding/xml"
	"reflect"
	"testing"

	"github.com/twilio/twilio-go/twiml"

	"github.com/nhttf/frontdoor/integrations/twilio"
)

// response is TwiML as tests read it: parsed, never compared as a string (twilio-go writes
// attributes in random order).
type response struct {
	XMLName  xml.Name `xml:"Response"`
	Messages []struct {
		Body  string     `xml:",chardata"`
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"Message"`
	Other []struct {
		XMLName xml.Name
	} `xml:",any"`
}

func parseTwiML(t *testing.T, b []byte) []string {
	t.Helper()
	var r response
	if err := xml.Unmarshal(b, &r); err != nil {
		t.Fatalf("not TwiML: %v\n%s", err, b)
	}
	if len(r.Other) > 0 {
		t.Fatalf("unexpected elements in %s", b)
	}
	var out []string
	for _, m := range r.Messages {
		if len(m.Attrs) > 0 {
			t.Errorf("<Message> has attributes %v", m.Attrs)
		}
		out = append(out, m.Body)
	}
	return out
}

func TestReply(t *testing.T) {
	cases := []struct {
		name    string
		replies []string
		want    []string
	}{
		{"nothing", nil, nil},
		{"empty replies are dropped", []string{""}, nil},
		{"one", []string{"hello"}, []string{"hello"}},
		{"several, escaped", []string{`Tom & "Jerry" <3 'x'`, "line 1\nline 2"}, []string{`Tom & "Jerry" <3 'x'`, "line 1\nline 2"}},
		{"markup stays text", []string{"</Message><Redirect>http://evil</Redirect>"}, []string{"</Message><Redirect>http://evil</Redirect>"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := twilio.Reply(c.replies)
			if err != nil {
				t.Fatal(err)
			}
			if got := parseTwiML(t, b); !reflect.DeepEqual(got, c.want) {
				t.Errorf("messages %q, want %q\n%s", got, c.want, b)
			}
		})
	}
}

// TestReplyMatchesTwilioGo: Reply writes byte for byte what twilio-go's twiml package writes,
// for markup, quotes, line ends, control characters, invalid UTF-8, emoji and U+FFFD.
func TestReplyMatchesTwilioGo(t *testing.T) {
	cases := [][]string{
		nil,
		{""},
		{"hello"},
		{"", "after an empty one", ""},
		{`Tom & "Jerry" <3 'x'`, "line 1\nline 2", "cr\r\nlf\ttab"},
		{"</Message><Redirect>http://evil</Redirect>"},
		{"bell\a nul\x00 esc\x1b del\x7f"},
		{"bad \xff\xfe utf8 \xc3", "half \xe2\x82"},
		{"real \uFFFD, \uFFFE and \uFFFF", "surrogate \xed\xa0\x80"},
		{"emoji 🙂 accents áéíóú ñ 中文", "¿Está usted a salvo? Llame al 911."},
	}
	for _, replies := range cases {
		got, err := twilio.Reply(replies)
		if err != nil {
			t.Fatal(err)
		}
		var verbs []twiml.Element
		for _, r := range replies {
			if r != "" {
				verbs = append(verbs, twiml.MessagingMessage{Body: r})
			}
		}
		want, err := twiml.Messages(verbs)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("Reply(%q)\n got %s\nwant %s", replies, got, want)
		}
	}
}

// BenchmarkReply renders a typical answer: two messages, one with an apostrophe and a line end.
func BenchmarkReply(b *testing.B) {
	replies := []string{"Thank you. You're not alone.\nReply with a number: 1 safety 2 tip 3 talk.", "If you are in danger now, call 911."}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := twilio.Reply(replies); err != nil {
			b.Fatal(err)
		}
	}
}
