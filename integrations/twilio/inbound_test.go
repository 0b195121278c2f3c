package twilio_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/twilio"
)

func TestParseInbound(t *testing.T) {
	form := url.Values{
		"MessageSid": {"SM123"}, "SmsSid": {"SM123"}, "AccountSid": {"AC1"}, "From": {"+15550100001"},
		"To": {"+15550199999"}, "Body": {"hello"}, "NumMedia": {"2"}, "MediaUrl0": {"http://169.254.169.254/"},
		"FromCity": {"HOUSTON"}, "FromState": {"TX"}, "FromZip": {"77002"}, "FromCountry": {"US"},
		"ToCity": {"AUSTIN"}, "ToState": {"TX"}, "ToZip": {"78701"}, "ToCountry": {"US"},
	}
	got, err := twilio.ParseInbound(form)
	if err != nil {
		t.Fatal(err)
	}
	want := bot.Inbound{ID: "SM123", Channel: bot.ChannelSMS, From: "+15550100001", Body: "hello", Media: 2}
	if got != want {
		t.Fatalf("ParseInbound = %+v, want %+v (every other field dropped)", got, want)
	}
	t.Run("missing From names the field only", func(t *testing.T) {
		_, err := twilio.ParseInbound(url.Values{"MessageSid": {"SM1"}, "Body": {"secret words"}})
		if !errors.Is(err, twilio.ErrMissingField) || strings.Contains(err.Error(), "secret") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("missing MessageSid", func(t *testing.T) {
		if _, err := twilio.ParseInbound(url.Values{"From": {"+15550100001"}}); !errors.Is(err, twilio.ErrMissingField) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("media count is bounded", func(t *testing.T) {
		in, _ := twilio.ParseInbound(url.Values{"MessageSid": {"SM1"}, "From": {"+1"}, "NumMedia": {"9999"}})
		if in.Media != 10 {
			t.Fatalf("Media = %d, want 10", in.Media)
		}
	})
}

func TestParseInboundJSON(t *testing.T) {
	got, err := twilio.ParseInboundJSON([]byte(`{"MessageSid":"SM9","From":"+15550100001","Body":"hi","NumMedia":1,"FromCity":"X"}`))
	want := bot.Inbound{ID: "SM9", Channel: bot.ChannelSMS, From: "+15550100001", Body: "hi", Media: 1}
	if err != nil || got != want {
		t.Fatalf("ParseInboundJSON = %+v, %v; want %+v", got, err, want)
	}
	if _, err := twilio.ParseInboundJSON([]byte(`[1,2]`)); err == nil {
		t.Fatal("a JSON array was accepted")
	}
}

func TestParseStatus(t *testing.T) {
	s, err := twilio.ParseStatus(url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"undelivered"}, "ErrorCode": {"30007"}, "To": {"+15550100001"}})
	if err != nil || s != (twilio.Status{MessageSid: "SM1", Status: "undelivered", ErrorCode: 30007}) {
		t.Fatalf("ParseStatus = %+v, %v", s, err)
	}
	if !s.Failed() || s.FailureLabel() != "30007" || s.Label() != "undelivered" {
		t.Errorf("Failed %v, FailureLabel %s, Label %s", s.Failed(), s.FailureLabel(), s.Label())
	}
	odd := twilio.Status{Status: "x\nforged", ErrorCode: 12345}
	if odd.Label() != "other" || odd.FailureLabel() != "other" || odd.Rank() != 0 {
		t.Errorf("unknown values must map to other: %s %s %d", odd.Label(), odd.FailureLabel(), odd.Rank())
	}
	if (twilio.Status{Status: "delivered"}).Rank() <= (twilio.Status{Status: "sent"}).Rank() {
		t.Error("delivered must rank above sent")
	}
}
