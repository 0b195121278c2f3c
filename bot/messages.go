package bot

import "strings"

// Hotline and emergency facts used in system messages.
const (
	HotlineCall = "1-888-373-7888"
	HotlineText = "233733"
)

// FailSafeReply is the answer when the store or the engine fails: built from constants only, so
// it needs nothing that can be down. It is bilingual because the texter's language is unknown;
// its first line, which a locked phone shows, names nothing.
const FailSafeReply = "In danger? Call 911.\nNational Human Trafficking Hotline: call " + HotlineCall +
	" or text " + HotlineText + ".\n¿En peligro? Llame al 911 o al " + HotlineCall + "."

// Messages are the system texts of the global keywords, in each language. They are compliance
// and safety texts (CTIA, TCPA, DESIGN.md §6), kept in code rather than in flows so they cannot
// be edited away. A text may hold several SMS, separated by a blank line; each is within two
// segments, and the first line of each names no crime, tip or agency.
type Messages struct {
	Stop, Start, Help, Deleted, SlowDown, Moved, Language map[string]string

	// Danger now (detect.go): the 911 line said once in a handoff; the offer of a person; what a
	// texter in danger gets when the flows have nobody to hand them to; the answer to accepting.
	Danger, Offer, NoPerson, Connecting map[string]string

	// QuickExit is the one neutral reply to a quick-exit word: it names nothing.
	QuickExit map[string]string

	// The staff desk's texts (desk.go): nobody on shift when a handoff opens, and the question
	// whether staff may text back later, with the answers to yes and to anything else; nobody
	// claimed it in time; staff closed it; and, for flows run over Slack, a handoff refused and
	// an opt-out word ending the conversation.
	AfterHours, AskMayText, MayTextYes, MayTextNo, Hotline, Closed, SlackNoHandoff, SlackEnded map[string]string
	// NoStaff answers a handoff that cannot reach anyone (its queue is not on the roster).
	NoStaff map[string]string

	// Texting a tip code (tipcode.go): thanks for an addition, a code without details, and the
	// one neutral answer to any code that is not the texter's own, existing or not. "{code}" is
	// replaced by the texter's code.
	TipAdded, TipNoText, TipUnknown map[string]string
}

// The hotline, as every text that gives it says it.
const (
	hotlineEN = "National Human Trafficking Hotline: call " + HotlineCall + " or text " + HotlineText + "."
	hotlineES = "Línea Nacional Contra la Trata de Personas: llame al " + HotlineCall + " o envíe un mensaje de texto al " + HotlineText + "."
)

// NewMessages builds the system texts for a program name (shown in HELP and STOP replies; keep it
// neutral, it appears on the texter's phone).
func NewMessages(program string) Messages {
	r := strings.NewReplacer("{program}", program)
	m := func(en, es string) map[string]string {
		return map[string]string{"en": r.Replace(en), "es": r.Replace(es)}
	}
	return Messages{
		Stop: m("You are unsubscribed from {program}. No more messages will be sent. Reply HELP for help or START to resume.",
			"Se dio de baja de {program}. No recibirá más mensajes. Responda AYUDA para ayuda o COMENZAR para volver a recibirlos."),
		Start: m("You are subscribed to {program} again. Reply MENU for the menu. Reply STOP to opt out.",
			"Ya recibe de nuevo mensajes de {program}. Responda MENU para el menú o PARAR para darse de baja."),
		Help: m("{program}: help by text. In danger? Call 911.\nNational Human Trafficking Hotline, 24/7: call "+HotlineCall+" or text "+HotlineText+". Msg frequency varies. Msg & data rates may apply. Reply STOP to opt out.",
			"{program}: ayuda por mensaje de texto. ¿En peligro? Llame al 911. Frecuencia variable. Pueden aplicarse tarifas de mensajes y datos. Responda PARAR para darse de baja.\n\n"+
				"Ayuda las 24 horas:\n"+hotlineES),
		Deleted: m("Done. Within a minute we erase this chat, your answers and your words in staff messages.\nTips you sent stay, with nothing that links them to you. Our text service and your carrier keep their own records: delete these messages on your phone too.",
			"Listo. En un minuto borramos este chat, sus respuestas y sus mensajes al personal.\nLos avisos enviados se guardan, sin nada que los vincule con usted. Nuestro servicio de mensajes y su proveedor de celular guardan sus propios registros: borre también estos mensajes en su celular."),
		SlowDown: m("You are sending messages very fast, so we paused for a few minutes. In danger? Call 911.",
			"Sus mensajes llegan muy seguido; pausamos unos minutos. ¿En peligro? Llame al 911."),
		Language: m("OK, we will write in English.", "De acuerdo, le escribiremos en español."),
		Moved: m("Sorry, that part of the conversation changed. Here is the menu again.",
			"Perdón, esa parte cambió. Aquí está el menú de nuevo."),
		Danger: m("If you are in danger now, call 911.", "Si corre peligro ahora, llame al 911."),
		Offer: m("If you are in danger now, call 911.\nWant to text with a trained staff member now? Reply YES. Any other reply takes you back to where you were.",
			"Si corre peligro ahora, llame al 911.\n¿Quiere escribirse ahora con personal capacitado? Responda SI. Cualquier otra respuesta le lleva a donde estaba."),
		NoPerson: m("In danger? Call 911.\n"+hotlineEN, "¿En peligro? Llame al 911.\n"+hotlineES),
		Connecting: m("Thank you. We are alerting staff now to text you here. They see your messages, never your number. In danger? Call 911.",
			"Gracias. Avisamos ahora al personal para que le escriba aquí. Ve sus mensajes, nunca su número. ¿En peligro? Llame al 911."),
		QuickExit:  m("OK.", "OK."),
		AfterHours: m("No staff are on shift right now.\n"+hotlineEN, "Ahora no hay personal.\n"+hotlineES),
		AskMayText: m("In danger? Call 911. The hotline is open 24/7.\nMay staff text you here when they are back? Reply YES or NO.",
			"¿En peligro? Llame al 911. La línea atiende las 24 horas.\n¿Puede el personal escribirle aquí cuando vuelva? Responda SI o NO."),
		MayTextYes: m("Thank you. Staff will text you here when they are back. In danger? Call 911.",
			"Gracias. El personal le escribirá aquí cuando vuelva. ¿En peligro? Llame al 911."),
		MayTextNo: m("OK, nobody will text you later. You can write here again any time. In danger? Call 911.",
			"De acuerdo, nadie le escribirá después. Puede escribir aquí cuando quiera. ¿En peligro? Llame al 911."),
		Hotline: m("In danger? Call 911.\n"+hotlineEN, "¿En peligro? Llame al 911.\n"+hotlineES),
		Closed: m("Staff ended this conversation. Write again any time. To erase what we kept, reply DELETE, and delete these messages on your phone.",
			"El personal terminó la conversación. Escriba cuando quiera. Para borrar lo que guardamos, responda BORRAR y borre estos mensajes."),
		NoStaff: m("We cannot connect you with staff right now. In danger? Call 911.\n"+hotlineEN,
			"Ahora no podemos comunicarle con el personal.\n\n¿En peligro? Llame al 911.\n"+hotlineES),
		SlackNoHandoff: m("Handing off to staff only works by SMS: in Slack you are staff already. Reply MENU for the menu.",
			"El paso a una persona solo funciona por SMS: en Slack usted ya es parte del personal. Responda MENU para el menú."),
		SlackEnded: m("Conversation ended. Send any message to begin again.", "Conversación terminada. Escriba para empezar de nuevo."),
		TipAdded: m("Thank you, we added this.\nCode {code}. You can delete this conversation now.",
			"Gracias, lo agregamos.\nCódigo {code}. Ya puede borrar esta conversación."),
		TipNoText: m("To add details, send the code and the details in one message, like:\n{code} the car was red",
			"Para agregar algo, envíe el código y los detalles en un mensaje, por ejemplo:\n{code} el auto era rojo"),
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

// texts returns a message in lang as the SMS it is sent as (a blank line separates them).
func texts(m map[string]string, lang string) []string {
	return strings.Split(text(m, lang), "\n\n")
}
