package web

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
)

// bareTwiML is what Bare answers.
const bareTwiML = `<?xml version="1.0" encoding="UTF-8"?><Response><Message>ok</Message></Response>`

// Bare is the load generator's yardstick: an Echo router whose /twilio/sms reads the body and
// answers a fixed TwiML, with none of Frontdoor's work. Frontdoor's throughput divided by Bare's,
// measured in one run on one machine, says what the product costs over the framework.
func Bare() http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.POST("/twilio/sms", func(c echo.Context) error {
		if _, err := io.Copy(io.Discard, c.Request().Body); err != nil {
			return err
		}
		return c.Blob(http.StatusOK, twimlType, []byte(bareTwiML))
	})
	return e
}
