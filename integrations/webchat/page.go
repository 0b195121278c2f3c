package webchat

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
)

// texts are the page's words, equal in English and Spanish: short, calm, discreet on a screen
// someone else may see, and saying only what the code does.
type texts struct {
	Title, Exit, ExitHint, Private, Danger, Intro, Start, Label, Send, Placeholder string
	You, Reply, Staff, Slow, Busy, Offline, NoScript, Other, OtherLang, LogLabel   string
}

var pageTexts = map[string]texts{
	"en": {
		Title: "Chat", Exit: "Quick exit", ExitHint: "Quick exit (Esc) erases this chat and leaves the page.",
		Private: "To leave no trace on this device, open this page in a private (incognito) window.",
		Danger:  "In danger now? Call 911.",
		Intro:   "Write to us here. You do not need to give your name. Staff of partner organizations read the conversations you start with a person; they never see who you are.",
		Start:   "Start", Label: "Your message", Send: "Send", Placeholder: "Type here",
		You: "You", Reply: "Reply", Staff: "Staff",
		Slow: "Please wait a moment before sending again.", Busy: "Busy right now. Please try again in a moment.",
		Offline:  "Not sent. Check your connection and try again.",
		NoScript: "This chat needs JavaScript. If you are in danger, call 911. National Human Trafficking Hotline, 24/7: call 1-888-373-7888 or text 233733.",
		Other:    "es", OtherLang: "Español", LogLabel: "Conversation",
	},
	"es": {
		Title: "Chat", Exit: "Salida rápida", ExitHint: "Salida rápida (Esc) borra este chat y sale de la página.",
		Private: "Para no dejar rastro en este dispositivo, abra esta página en una ventana privada (de incógnito).",
		Danger:  "¿Corre peligro ahora? Llame al 911.",
		Intro:   "Escríbanos aquí. No necesita dar su nombre. El personal de organizaciones aliadas lee las conversaciones que usted empieza con una persona; nunca ve quién es usted.",
		Start:   "Empezar", Label: "Su mensaje", Send: "Enviar", Placeholder: "Escriba aquí",
		You: "Usted", Reply: "Respuesta", Staff: "Personal",
		Slow: "Espere un momento antes de volver a enviar.", Busy: "Hay mucha actividad. Inténtelo de nuevo en un momento.",
		Offline:  "No se envió. Revise su conexión e inténtelo de nuevo.",
		NoScript: "Este chat necesita JavaScript. Si corre peligro, llame al 911. Línea Nacional contra la Trata de Personas, 24/7: llame al 1-888-373-7888 o envíe un mensaje de texto al 233733.",
		Other:    "en", OtherLang: "English", LogLabel: "Conversación",
	},
}

// startWord is what Start sends: the greeting that opens the menu in the page's language.
var startWord = map[string]string{"en": "Hi", "es": "Hola"}

// pageData fills templates/chat.html.
type pageData struct {
	Lang, ExitURL string
	Embed         bool
	T             texts
	Script        template.JS // the texts the script needs, as JSON (not executed: type application/json)
}

// serve answers GET /chat: the page in ?lang=es|en, else the browser's first choice of the two.
func (c *Chat) serve(w http.ResponseWriter, r *http.Request) {
	lang := pageLang(r)
	t := pageTexts[lang]
	js, _ := json.Marshal(map[string]string{"you": t.You, "reply": t.Reply, "staff": t.Staff, "slow": t.Slow,
		"busy": t.Busy, "offline": t.Offline, "start": startWord[lang]})
	var b bytes.Buffer
	err := c.page.Execute(&b, pageData{Lang: lang, ExitURL: c.cfg.ExitURL,
		Embed: r.URL.Query().Get("embed") == "1", T: t, Script: template.JS(js)})
	if err != nil {
		c.deps.Log.Error("web chat page failed", "error", err)
		http.Error(w, "unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

func pageLang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); pageTexts[l].Title != "" {
		return l
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "es"):
			return "es"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "en"
}
