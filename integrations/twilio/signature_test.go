package twilio_test

import (
	"net/url"
	"testing"

	"github.com/nhttf/frontdoor/integrations/twilio"
)

// The vector from twilio-go's client/request_validator_test.go (RELIABILITY.md A1).
const (
	vectorToken = "12345"
	vectorURL   = "https://mycompany.com/myapp.php?foo=1&bar=2"
	vectorSig   = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
)

func vectorForm() url.Values {
	return url.Values{"Digits": {"1234"}, "CallSid": {"CA1234567890ABCDE"}, "To": {"+18005551212"},
		"Caller": {"+14158675309"}, "From": {"+14158675309"}}
}

func TestSign_vector(t *testing.T) {
	if got := twilio.Sign(vectorToken, vectorURL, vectorForm()); got != vectorSig {
		t.Fatalf("Sign = %s, want %s", got, vectorSig)
	}
}

func TestVerifier_Verify(t *testing.T) {
	body := []byte(vectorForm().Encode())
	const uri = "/myapp.php?foo=1&bar=2"
	tampered := vectorForm()
	tampered.Set("Digits", "1235")
	extra := vectorForm()
	extra.Set("NewParam", "1")
	cases := []struct {
		name, base, uri string
		body            []byte
		sig             string
		want            bool
	}{
		{"the twilio-go vector", "https://mycompany.com", uri, body, vectorSig, true},
		{"base with a trailing slash", "https://mycompany.com/", uri, body, vectorSig, true},
		{"default port configured, signed without", "https://mycompany.com:443", uri, body, vectorSig, true},
		{"signed with the default port", "https://mycompany.com", uri, body,
			twilio.Sign(vectorToken, "https://mycompany.com:443/myapp.php?foo=1&bar=2", vectorForm()), true},
		{"custom port, both sides", "https://mycompany.com:8443", uri, body,
			twilio.Sign(vectorToken, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", vectorForm()), true},
		{"unknown extra parameter", "https://mycompany.com", uri, []byte(extra.Encode()),
			twilio.Sign(vectorToken, vectorURL, extra), true},
		{"a parameter altered", "https://mycompany.com", uri, []byte(tampered.Encode()), vectorSig, false},
		{"another path", "https://mycompany.com", "/other.php?foo=1&bar=2", body, vectorSig, false},
		{"query reordered", "https://mycompany.com", "/myapp.php?bar=2&foo=1", body, vectorSig, false},
		{"http instead of https", "http://mycompany.com", uri, body, vectorSig, false},
		{"missing signature", "https://mycompany.com", uri, body, "", false},
		{"garbage signature", "https://mycompany.com", uri, body, "bm90IGEgc2lnbmF0dXJl", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := twilio.NewVerifier(vectorToken, c.base).Verify(c.uri, c.body, c.sig); got != c.want {
				t.Errorf("Verify = %v, want %v", got, c.want)
			}
		})
	}
}

func TestVerifier_VerifyJSON(t *testing.T) {
	body := []byte(`{"MessageSid":"SM1","From":"+15550100001","Body":"hi"}`)
	uri := "/twilio/sms?bodySHA256=" + twilio.BodySHA256(body)
	sig := twilio.Sign(vectorToken, "https://sms.example.org"+uri, nil)
	v := twilio.NewVerifier(vectorToken, "https://sms.example.org")
	if !v.Verify(uri, body, sig) {
		t.Error("a signed JSON body was refused")
	}
	if v.Verify(uri, []byte(`{"MessageSid":"SM1","From":"+15550100001","Body":"hj"}`), sig) {
		t.Error("a JSON body that does not match bodySHA256 was accepted")
	}
}
