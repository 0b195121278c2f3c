package bot_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/directory"
)

func exampleDirectory(t *testing.T) *directory.Directory {
	t.Helper()
	data, err := os.ReadFile("../deploy/directory.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, probs := directory.Read("directory.example.yaml", data)
	if d == nil {
		t.Fatal(probs)
	}
	return d
}

// TestFindHelp: the talk flow's find_help state offers the texter up to three providers for the
// need and state they gave, in their language, one SMS each; nothing reaches staff.
func TestFindHelp(t *testing.T) {
	b, _, _ := newEdgeBot(t, 0)
	b.Engine = b.Engine.WithDirectory(exampleDirectory(t))
	var out bot.Outcome
	for i, body := range []string{"hola", "hablar", "2", "1", "Austin, TX"} {
		out = b.Handle(context.Background(), bot.Inbound{ID: "SMf" + string(rune('a'+i)), From: "+15550100077", Body: body})
	}
	want := []string{
		"Esto puede ayudarle. Puede borrar estos mensajes después de guardar lo que necesite. Responda MENU para el menú.",
		"Example Safe Place (Austin): llame al 512-555-0100. Horario: 24/7.",
		"National Human Trafficking Hotline: llame al 1-888-373-7888, escriba al 233733, web https://humantraffickinghotline.org. Horario: 24/7.",
	}
	if strings.Join(out.Replies, "\n---\n") != strings.Join(want, "\n---\n") || len(out.Effects) != 0 {
		t.Fatalf("replies %q, effects %+v", out.Replies, out.Effects)
	}
}
