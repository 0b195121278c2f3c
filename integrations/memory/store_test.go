package memory_test

import (
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/memory"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, _ *bot.Keys, clock bot.Clock) func() storetest.Store {
		s := memory.New(clock)
		return func() storetest.Store { return s } // every replica shares the one process's memory
	})
}

func TestConsoleContract(t *testing.T) {
	storetest.RunConsole(t, func(t *testing.T, clock bot.Clock) func() storetest.ConsoleStore {
		c := memory.NewConsole(clock)
		return func() storetest.ConsoleStore { return c }
	})
}

func TestClosesContract(t *testing.T) {
	storetest.RunCloses(t, func(t *testing.T, clock bot.Clock) bot.CloseLog { return memory.New(clock) })
}
