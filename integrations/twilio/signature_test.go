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
			form, _ := url.ParseQuery(string(c.body))
			v := twilio.NewVerifier(vectorToken, c.base)
			if got := v.Verify(c.uri, c.body, form, c.sig); got != c.want {
				t.Errorf("Verify with the parsed form = %v, want %v", got, c.want)
			}
			if got := v.Verify(c.uri, c.body, nil, c.sig); got != c.want {
				t.Errorf("Verify through ValidateBody only = %v, want %v", got, c.want)
			}
		})
	}
}

func TestVerifier_VerifyJSON(t *testing.T) {
	body := []byte(`{"MessageSid":"SM1","From":"+15550100001","Body":"hi"}`)
	uri := "/twilio/sms?bodySHA256=" + twilio.BodySHA256(body)
	sig := twilio.Sign(vectorToken, "https://sms.example.org"+uri, nil)
	v := twilio.NewVerifier(vectorToken, "https://sms.example.org")
	if !v.Verify(uri, body, nil, sig) {
		t.Error("a signed JSON body was refused")
	}
	if v.Verify(uri, []byte(`{"MessageSid":"SM1","From":"+15550100001","Body":"hj"}`), url.Values{}, sig) {
		t.Error("a JSON body that does not match bodySHA256 was accepted")
	}
}

// TestVerifier_fastPathAgrees: the exact-URL fast path accepts only what ValidateBody accepts,
// over many one-character mutations of a signed request.
func TestVerifier_fastPathAgrees(t *testing.T) {
	const base, uri = "https://sms.example.org", "/twilio/sms?x=1"
	form := url.Values{"MessageSid": {"SM1"}, "From": {"+15550100001"}, "Body": {"hello there"}, "Extra": {"a", "b"}}
	sig := twilio.Sign(vectorToken, base+uri, form)
	v := twilio.NewVerifier(vectorToken, base)
	body := form.Encode()
	for i := 0; i <= len(body); i++ {
		for _, mutated := range []string{body[:i] + "A" + body[i:], body[:i] + body[min(i+1, len(body)):]} {
			f, err := url.ParseQuery(mutated)
			if err != nil {
				continue
			}
			fast, slow := v.Verify(uri, []byte(mutated), f, sig), v.Verify(uri, []byte(mutated), nil, sig)
			if fast != slow {
				t.Fatalf("body %q: fast path %v, ValidateBody %v", mutated, fast, slow)
			}
		}
	}
	if !v.Verify(uri, []byte(body), form, sig) {
		t.Fatal("the signed request was refused")
	}
}

// BenchmarkVerify checks the signature of a typical inbound SMS form at the exact public URL.
func BenchmarkVerify(b *testing.B) {
	form := url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "AccountSid": {"AC0123456789abcdef0123456789abcdef"},
		"From": {"+15555550100"}, "To": {"+15555550199"}, "Body": {"1"}, "NumMedia": {"0"}, "NumSegments": {"1"},
		"SmsStatus": {"received"}, "ApiVersion": {"2010-04-01"}}
	v := twilio.NewVerifier(vectorToken, "https://sms.example.org")
	sig, body := twilio.Sign(vectorToken, "https://sms.example.org/twilio/sms", form), []byte(form.Encode())
	b.ReportAllocs()
	for b.Loop() {
		if !v.Verify("/twilio/sms", body, form, sig) {
			b.Fatal("signature refused")
		}
	}
}
