package web

import (
	"mime"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestIsJSON_MatchesParseMediaType: isJSON's shortcut for a content type without parameters says
// what mime.ParseMediaType says, for every spelling a client may send.
func TestIsJSON_MatchesParseMediaType(t *testing.T) {
	for _, ct := range []string{"", "application/json", "Application/JSON", " application/json ", "application/json; charset=utf-8",
		"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8", "application/jsonx",
		"application/json;", "application/json,text/plain", "application/ json", "text/json", "application", "\tapplication/json\t"} {
		r := httptest.NewRequest("POST", "/twilio/sms", nil)
		r.Header.Set(echo.HeaderContentType, ct)
		want, _, _ := mime.ParseMediaType(ct)
		if got := isJSON(r); got != (want == echo.MIMEApplicationJSON) {
			t.Errorf("isJSON(%q) = %v, ParseMediaType says %q", ct, got, want)
		}
	}
}
