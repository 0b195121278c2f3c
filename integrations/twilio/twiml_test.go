package twilio_test

import (
	"encoding/xml"
	"reflect"
	"testing"

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
