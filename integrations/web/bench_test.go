package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nhttf/frontdoor/integrations/twilio"
)

// BenchmarkSMS measures one signed webhook through the router, the bot and the memory store:
// texters walk the tip flow, a new number per walk, every message new. Signing the request (the
// client's work, about a microsecond) is inside the loop. Profile it with
//
//	go test ./integrations/web -run XXX -bench SMS -cpuprofile /tmp/cpu.out
func BenchmarkSMS(b *testing.B) {
	r := newRig(&testing.T{}, rigOptions{limit: 30})
	walk := []string{"hi", "2", "Houston, TX", "A van drops girls at the motel every night", "last night", "NONE", "no", "1", "yes"}
	var seq atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			f := url.Values{"MessageSid": {fmt.Sprintf("SM%d", n)}, "From": {fmt.Sprintf("+1555%07d", n/8)},
				"Body": {walk[n%8]}, "To": {"+15550199999"}, "NumMedia": {"0"}}
			body := f.Encode()
			req := httptest.NewRequest(http.MethodPost, "/twilio/sms", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(twilio.SignatureHeader, twilio.Sign(testToken, testPublic+"/twilio/sms", f))
			rec := httptest.NewRecorder()
			r.srv.Handler().ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}
