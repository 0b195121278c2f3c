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

	// The staff desk's texts (desk.go): nobody on shift when a handoff opens; nobody claimed it
	// in time; staff closed it; and, for flows run over Slack, a handoff refused and an opt-out
	// word ending the conversation.
	AfterHours, Hotline, Closed, SlackNoHandoff, SlackEnded map[string]string
	// NoStaff answers a handoff that cannot reach anyone (its queue is not on the roster).
	NoStaff map[string]string

	// Texting a tip code (tipcode.go): thanks for an addition, a code without details, and the
	// one neutral answer to any code that is not the texter's own, existing or not. "{code}" is
	// replaced by the texter's code.
	TipAdded, TipNoText, TipUnknown map[string]string
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
		AfterHours: m("No staff are available right now. If you are in danger, call 911. National Human Trafficking Hotline: call "+HotlineCall+" or text "+HotlineText+". You can keep writing here; staff will read it when they are back.",
			"Ahora no hay personal disponible. Si corre peligro, llame al 911. Hotline nacional: llame al "+HotlineCall+" o texto "+HotlineText+"."),
		Hotline: m("Staff have not answered yet. If you are in danger, call 911. You can also reach the National Human Trafficking Hotline: call "+HotlineCall+" or text "+HotlineText+".",
			"Nadie responde por ahora. Si corre peligro, llame al 911. Hotline nacional contra la trata: llame al "+HotlineCall+" o texto "+HotlineText+"."),
		NoStaff: m("We cannot connect you with staff right now. If you are in danger, call 911. National Human Trafficking Hotline: call "+HotlineCall+" or text "+HotlineText+".",
			"Ahora no podemos comunicarle con el personal. Si corre peligro, llame al 911. Hotline nacional contra la trata: llame al "+HotlineCall+" o escriba al "+HotlineText+"."),
		Closed: m("Staff ended this conversation. Text again any time to start over. To erase what we kept, reply DELETE, and delete these messages from your phone.",
			"El personal terminó la conversación. Escriba para empezar de nuevo. Para borrar sus datos responda BORRAR y borre estos mensajes."),
		SlackNoHandoff: m("Handing off to staff only works by SMS: in Slack you are staff already. Reply MENU for the menu.",
			"El paso a una persona solo funciona por SMS: en Slack usted ya es parte del personal. Responda MENU para el menú."),
		SlackEnded: m("Conversation ended. Send any message to start again.", "Conversación terminada. Escriba para empezar de nuevo."),
		TipAdded: m("Thank you, we added this to your tip {code}. You can delete this conversation now.",
			"Gracias, lo agregamos a su aviso {code}. Ya puede borrar esta conversación."),
		TipNoText: m("To add to your tip, send the code and the details in one message, like: {code} the car was red",
			"Para agregar a su aviso, envíe el código y los detalles en un mensaje, por ejemplo: {code} el auto era rojo"),
		TipUnknown: m("We could not match that code. Check it and send it with the details in one message, or reply MENU for the menu.",
			"No encontramos ese código. Revíselo y envíelo con los detalles en un mensaje, o responda MENU para el menú."),
	}
}

// text returns a message in lang, or English.
func text(m map[string]string, lang string) string {
	if t, ok := m[lang]; ok {
		return t
	}
	return m["en"]
}
