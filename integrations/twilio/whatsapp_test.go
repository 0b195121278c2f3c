package twilio_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

// whatsAppForm is an inbound WhatsApp webhook as Twilio documents it: the SMS fields with
// "whatsapp:" addresses, plus ProfileName, WaId, MessageType and the kind's own fields.
func whatsAppForm(from string, extra url.Values) url.Values {
	form := url.Values{
		"MessageSid": {"SMwa1"}, "SmsMessageSid": {"SMwa1"}, "SmsSid": {"SMwa1"}, "AccountSid": {"ACtest"},
		"MessagingServiceSid": {"MGtest"}, "From": {from}, "To": {"whatsapp:+14155238886"},
		"NumSegments": {"1"}, "NumMedia": {"0"}, "ApiVersion": {"2010-04-01"}, "SmsStatus": {"received"},
		"ProfileName": {"Maria G"}, "WaId": {"15550142424"}, "MessageType": {"text"}, "Body": {""},
	}
	for k, v := range extra {
		form[k] = v
	}
	return form
}

// TestParseInbound_whatsApp: the WhatsApp payload shapes Twilio documents (text, media,
// location, a business-scoped id in place of the number) give the channel and the address as
// sent, and drop the profile name, the WhatsApp id and the place.
func TestParseInbound_whatsApp(t *testing.T) {
	const wa = "whatsapp:" + canary
	cases := []struct {
		name string
		form url.Values
		want bot.Inbound
	}{
		{"text", whatsAppForm(wa, url.Values{"Body": {"hello"}}),
			bot.Inbound{ID: "SMwa1", Channel: bot.ChannelWhatsApp, From: wa, Body: "hello"}},
		{"a button reply", whatsAppForm(wa, url.Values{"MessageType": {"button"}, "Body": {"Yes"}, "ButtonText": {"Yes"}, "ButtonPayload": {"yes"}}),
			bot.Inbound{ID: "SMwa1", Channel: bot.ChannelWhatsApp, From: wa, Body: "Yes"}},
		{"an image with a caption", whatsAppForm(wa, url.Values{"MessageType": {"image"}, "Body": {"look"}, "NumMedia": {"1"},
			"MediaContentType0": {"image/jpeg"}, "MediaUrl0": {"https://api.twilio.com/2010-04-01/Accounts/ACtest/Messages/MMx/Media/MEx"}}),
			bot.Inbound{ID: "SMwa1", Channel: bot.ChannelWhatsApp, From: wa, Body: "look", Media: 1}},
		{"a location", whatsAppForm(wa, url.Values{"MessageType": {"location"}, "Latitude": {"29.7604"}, "Longitude": {"-95.3698"},
			"Address": {"901 Bagby St, Houston"}, "Label": {"City Hall"}}),
			bot.Inbound{ID: "SMwa1", Channel: bot.ChannelWhatsApp, From: wa, Media: 1}},
		{"a business-scoped id instead of the number", whatsAppForm("whatsapp:US.13491208655302741918", url.Values{"Body": {"hi"}, "WaId": nil}),
			bot.Inbound{ID: "SMwa1", Channel: bot.ChannelWhatsApp, From: "whatsapp:US.13491208655302741918", Body: "hi"}},
		{"a parent business-scoped id", whatsAppForm("whatsapp:US.ENT.11815799212886844830", url.Values{"Body": {"hi"}, "WaId": nil}),
			bot.Inbound{ID: "SMwa1", Channel: bot.ChannelWhatsApp, From: "whatsapp:US.ENT.11815799212886844830", Body: "hi"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := twilio.ParseInbound(c.form)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Fatalf("ParseInbound = %+v, want %+v", got, c.want)
			}
			b, _ := json.Marshal(got)
			for _, leak := range []string{"Maria", "29.76", "Bagby", "City Hall", "14155238886"} {
				if strings.Contains(string(b), leak) {
					t.Errorf("the inbound keeps %q", leak)
				}
			}
		})
	}
	t.Run("JSON body", func(t *testing.T) {
		got, err := twilio.ParseInboundJSON([]byte(`{"MessageSid":"SMwa2","From":"whatsapp:+15550142424","Body":"hi","ProfileName":"M"}`))
		if err != nil || got.Channel != bot.ChannelWhatsApp || got.From != "whatsapp:+15550142424" {
			t.Fatalf("ParseInboundJSON = %+v, %v", got, err)
		}
	})
	for name, from := range map[string]string{
		"an empty WhatsApp address": "whatsapp:",
		"a space":                   "whatsapp:US 1349",
		"a line break":              "whatsapp:+1555\r\n0100",
		"too long":                  "whatsapp:US." + strings.Repeat("9", 200),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := twilio.ParseInbound(whatsAppForm(from, url.Values{"Body": {"secret words"}}))
			if !errors.Is(err, twilio.ErrBadAddress) || strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "1555") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

// TestSender_whatsApp: a WhatsApp address is sent from the WhatsApp sender (or through the
// Messaging Service), a number from the SMS sender; without a WhatsApp sender nothing is
// attempted; and the fake refuses mixed channels as Twilio does.
func TestSender_whatsApp(t *testing.T) {
	ctx := context.Background()
	const wa = "whatsapp:" + canary
	t.Run("FromTheWhatsAppSender", func(t *testing.T) {
		fake := twiliotest.NewServer()
		defer fake.Close()
		s := newSender(t, fake, func(c *twilio.SenderConfig) {
			c.MessagingServiceSID, c.From, c.WhatsAppFrom = "", "+15550199999", "+14155238886"
		})
		if !s.SendsWhatsApp() {
			t.Fatal("SendsWhatsApp = false with a WhatsApp sender")
		}
		if _, err := s.Send(ctx, wa, "Are you safe?", "k1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Send(ctx, canary, "Are you safe?", "k2"); err != nil {
			t.Fatal(err)
		}
		reqs := fake.Requests()
		if f := reqs[0].Form; f.Get("To") != wa || f.Get("From") != "whatsapp:+14155238886" || f.Has("MessagingServiceSid") || reqs[0].Status != http.StatusCreated {
			t.Errorf("the WhatsApp send: %v (%d)", f, reqs[0].Status)
		}
		if f := reqs[1].Form; f.Get("To") != canary || f.Get("From") != "+15550199999" {
			t.Errorf("the SMS send: %v", f)
		}
	})
	t.Run("ThroughTheMessagingService", func(t *testing.T) {
		fake := twiliotest.NewServer()
		defer fake.Close()
		s := newSender(t, fake, nil)
		if _, err := s.Send(ctx, wa, "x", "k"); err != nil {
			t.Fatal(err)
		}
		if f := fake.Requests()[0].Form; f.Get("To") != wa || f.Get("MessagingServiceSid") != "MGtest" || f.Has("From") {
			t.Errorf("form %v", f)
		}
	})
	t.Run("NoWhatsAppSender", func(t *testing.T) {
		fake := twiliotest.NewServer()
		defer fake.Close()
		s := newSender(t, fake, func(c *twilio.SenderConfig) { c.MessagingServiceSID, c.From = "", "+15550199999" })
		if s.SendsWhatsApp() {
			t.Fatal("SendsWhatsApp = true with an SMS number only")
		}
		_, err := s.Send(ctx, wa, "x", "k")
		if !errors.Is(err, twilio.ErrNoWhatsAppSender) || !bot.IsPermanent(err) || len(fake.Requests()) != 0 {
			t.Fatalf("err = %v after %d requests; want a permanent refusal before any", err, len(fake.Requests()))
		}
	})
	t.Run("WhatsAppOnly", func(t *testing.T) {
		fake := twiliotest.NewServer()
		defer fake.Close()
		s := newSender(t, fake, func(c *twilio.SenderConfig) { c.MessagingServiceSID, c.WhatsAppFrom = "", "whatsapp:+14155238886" })
		if _, err := s.Send(ctx, canary, "x", "k"); !errors.Is(err, twilio.ErrNoSMSSender) || len(fake.Requests()) != 0 {
			t.Fatalf("an SMS with only a WhatsApp sender: %v", err)
		}
	})
	t.Run("TheFakeRefusesMixedChannels", func(t *testing.T) {
		fake := twiliotest.NewServer()
		defer fake.Close()
		for _, pair := range [][2]string{{wa, "+15550199999"}, {canary, "whatsapp:+14155238886"}} {
			form := url.Values{"To": {pair[0]}, "From": {pair[1]}, "Body": {"x"}}
			resp, err := http.PostForm(fake.URL+"/2010-04-01/Accounts/ACtest/Messages.json", form)
			if err != nil {
				t.Fatal(err)
			}
			var body struct{ Code int }
			_ = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if resp.StatusCode != 400 || body.Code != 21910 {
				t.Errorf("To %.9s From %.9s: %d %d; want 400 21910", pair[0], pair[1], resp.StatusCode, body.Code)
			}
		}
	})
}
