package bot

import "strings"

// Hotline and emergency facts used in system messages.
const (
	HotlineCall = "1-888-373-7888"
	HotlineText = "233733"
)

// FailSafeReply is the answer when the store or the engine fails: built from constants only, so
// it needs nothing that can be down. It is bilingual because the texter's language is unknown.
const FailSafeReply = "In danger? Call 911. National Human Trafficking Hotline: call " + HotlineCall +
	" or text " + HotlineText + ". / ¿En peligro? Llame al 911 o al " + HotlineCall + "."

// Messages are the system texts of the global keywords, in each language. They are compliance
// texts (CTIA, TCPA), kept in code rather than in flows so they cannot be edited away.
type Messages struct {
	Stop, Start, Help, Deleted, Danger, SlowDown, Moved, Language map[string]string
}

// NewMessages builds the system texts for a program name (shown in HELP and STOP replies; keep it
// neutral, it appears on the texter's phone).
func NewMessages(program string) Messages {
	r := strings.NewReplacer("{program}", program)
	m := func(en, es string) map[string]string {
		return map[string]string{"en": r.Replace(en), "es": r.Replace(es)}
	}
	return Messages{
		Stop: m("You are unsubscribed from {program}. No more messages will be sent. Reply HELP for help or START to resume.",
			"Se dio de baja de {program}. No recibirá más mensajes. Responda AYUDA para ayuda o START para volver."),
		Start: m("You are subscribed to {program} again. Reply MENU for the menu. Reply STOP to opt out.",
			"Vuelve a estar suscrito a {program}. Responda MENU para el menú o PARAR para darse de baja."),
		Help: m("{program}: confidential help. Emergency: call 911. National Human Trafficking Hotline: call "+HotlineCall+" or text "+HotlineText+". Msg frequency varies. Msg & data rates may apply. Reply STOP to opt out.",
			"{program}: ayuda confidencial. Emergencia: llame al 911. Hotline nacional contra la trata: llame al "+HotlineCall+" o texto "+HotlineText+". Frecuencia variable. Pueden aplicar tarifas. Responda PARAR para darse de baja."),
		Deleted: m("Done: we erased what we kept about you. Please also delete this conversation from your phone. Text again any time to start over.",
			"Listo: borramos sus datos. Borre también estos mensajes de su teléfono. Puede escribir de nuevo cuando quiera."),
		Danger: m("If you are in danger now, call 911.", "Si corre peligro ahora, llame al 911."),
		SlowDown: m("You are sending messages very fast, so we paused for a few minutes. In danger? Call 911.",
			"Sus mensajes llegan muy seguido; pausamos unos minutos. ¿En peligro? Llame al 911."),
		Language: m("OK, we will write in English.", "De acuerdo, le escribiremos en español."),
		Moved: m("Sorry, that part of the conversation changed. Here is the menu again.",
			"Perdón, esa parte cambió. Aquí está el menú de nuevo."),
	}
}

// text returns a message in lang, or English.
func text(m map[string]string, lang string) string {
	if t, ok := m[lang]; ok {
		return t
	}
	return m["en"]
}
