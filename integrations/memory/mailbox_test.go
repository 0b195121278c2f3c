package memory_test

import (
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/memory"
)

func TestMailbox(t *testing.T) {
	storetest.RunMailbox(t, memory.NewMailbox(bot.ClockFunc(time.Now)), nil)
}
