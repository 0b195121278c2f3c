package bot

import (
	"fmt"
	"strings"
	"time"
)

// What staff read from the desk, in English (the desk's language). None of these ever holds a
// texter's words or number: only Slack user IDs, queue names, counts and fixed phrases.
const (
	noteEnded        = "This conversation has ended; nothing was sent to the texter. If they text again, a new conversation starts."
	noteNotMember    = "Only staff on the on-call roster can do that."
	noteNoText       = "Nothing was sent: the message has no text the texter could read."
	noteFilesOnly    = "Nothing was sent: files and pictures are not sent to the texter by SMS. Write what you need to say as text."
	noteFilesDropped = "Only the text was sent: files and pictures are not sent to the texter by SMS."
	noteNoHeld       = "That reply is no longer waiting to be sent."
	noteNoResend     = "That reply can no longer be sent again from here; write it again if the texter still needs it."
	noteDiscarded    = "Not sent. The reply stays here, internal."
	noteNotesHint    = "Only their replies reach the texter; start a message with \"note:\" to keep it internal."
	noteNotYetSaved  = "This conversation is not ready yet (or is more than 3 days old); try again in a moment."
	noteMayTextYes   = "The texter said staff may text them here when someone is on shift. A reply after 15 minutes of silence is held until you confirm it."
	noteMayTextNo    = "The texter did not say staff may text them later: once they have been quiet for 15 minutes, replies are not sent. They were given the hotline."
)

// Reactions the desk puts on staff messages.
const (
	ReactionSent     = "white_check_mark" // the SMS provider accepted the reply
	ReactionInternal = "lock"             // kept internal: not the owner, or a note
	ReactionFailed   = "warning"          // not sent or not delivered; a note in the thread says why
)

// NotePrefix keeps an owner's message internal when it starts a message (any case).
const NotePrefix = "note:"

// MaxReplyLength is the longest staff reply relayed (Twilio refuses bodies over 1,600
// characters, error 21617).
const MaxReplyLength = 1600

// WarnSegments: a longer reply is sent, and its author warned that it arrives in pieces.
const WarnSegments = 2

func mention(user string) string { return "<@" + user + ">" }

func mentions(users []string) string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = mention(u)
	}
	return strings.Join(out, " ")
}

func noteClaimed(user string) string {
	return mention(user) + " claimed this conversation. " + noteNotesHint
}

func noteAlreadyClaimed(owner string) string {
	return "This conversation is claimed by " + mention(owner) + "; only their replies reach the texter."
}

func noteOnlyOwner(owner string) string {
	return "Only " + mention(owner) + ", who claimed this conversation, can do that."
}

func noteClaimFirst() string {
	return "Not sent: claim this conversation first. Only the staff member who claims it can text the texter."
}

func noteClosed(user string) string {
	return "Closed by " + mention(user) + ". The texter's next message goes to the bot."
}

func noteTransferred(user, queue string) string {
	return "Transferred to queue " + queue + " by " + mention(user) + ". Replies here are no longer sent."
}

func noteTooLong(n int) string {
	return fmt.Sprintf("Not sent: the reply is %d characters; an SMS reply can have at most %d.", n, MaxReplyLength)
}

func noteSegments(n int) string {
	return fmt.Sprintf("Sent, but it is long: it arrives as %d text messages. Shorter replies are safer on a shared phone.", n)
}

func noteHeld(quiet time.Duration) string {
	return fmt.Sprintf("The texter has been quiet for %d minutes; someone else may have the phone. Send anyway?", int(quiet.Minutes()))
}

func noteNotSent(why string) string { return "Not sent to the texter: " + why + "." }

func noteEscalated(backup []string, after time.Duration) string {
	if len(backup) == 0 {
		return fmt.Sprintf("Still unclaimed after %s, and the queue has no backup.", minutes(after))
	}
	return fmt.Sprintf("Still unclaimed after %s. Backup: %s", minutes(after), mentions(backup))
}

func noteEscalatedUrgent(who []string, after time.Duration) string {
	return fmt.Sprintf(":rotating_light: URGENT and still unclaimed after %s: someone may be in danger now. %s", minutes(after), mentions(who))
}

func noteBecameUrgent(who []string) string {
	return ":rotating_light: The texter's words say they may be in danger now: this conversation is URGENT. " + mentions(who)
}

func noteHotlineSkipped(after time.Duration, why string) string {
	return fmt.Sprintf("Still unclaimed after %s. The texter was not sent the hotline message: %s.", minutes(after), why)
}

func noteNoticeSent(notice string) string { return "The texter was sent " + noticeName(notice) + "." }

func noteNoticeFailed(notice, why string) string {
	return "The texter was not sent " + noticeName(notice) + ": " + why + "."
}

func noteUndelivered(notice, why string) string {
	if notice != "" {
		return strings.ToUpper(noticeName(notice)[:1]) + noticeName(notice)[1:] + " was " + why + "."
	}
	return "The reply marked :" + ReactionFailed + ": was " + why + "."
}

// noteUnsure says a reply may not have been sent; withButton says the owner can send it again.
func noteUnsure(withButton bool) string {
	s := "The reply marked :" + ReactionFailed + ": may not have been sent: the SMS provider did not answer clearly, " +
		"so it is not sent again by itself (the texter could get it twice)."
	if withButton {
		s += " If the texter does not seem to have it, its author can send it again."
	}
	return s
}

func noteNoticeUnsure(notice string) string {
	return "The texter may not have been sent " + noticeName(notice) + ": the SMS provider did not answer clearly. It is not sent again."
}

func noteNotTold(why string) string { return "The texter was not told it ended: " + why + "." }

// Notices sent to the texter, in TexterNotice.Status.
const (
	NoticeHotline    = "hotline"
	NoticeClosed     = "closed"
	NoticeAfterHours = "after_hours"
)

func noticeName(notice string) string {
	switch notice {
	case NoticeHotline:
		return "the hotline message"
	case NoticeClosed:
		return "the closing message"
	case NoticeAfterHours:
		return "the after-hours message (hotline and 911)"
	}
	return "a notice"
}

// whyNot says in staff words why MayText refused.
func whyNot(err error, quiet time.Duration) string {
	switch err {
	case ErrOptedOut:
		return "the texter opted out"
	case ErrTexterSilent:
		return fmt.Sprintf("the texter has been quiet for %d minutes", int(quiet.Minutes()))
	case ErrVisitorLeft:
		return "the visitor left the web chat (their page is closed)"
	case ErrWindowClosed:
		return fmt.Sprintf("the texter wrote on WhatsApp %d hours ago, and WhatsApp lets replies through only within 24 hours of their last message; if they write again, you can answer", int(quiet.Hours()))
	case ErrNoConsent:
		return fmt.Sprintf("the texter has been quiet for %d minutes and did not say staff may text them later; if they write again, you can answer", int(quiet.Minutes()))
	}
	return "the texter has no open conversation"
}

func minutes(d time.Duration) string {
	switch {
	case d == time.Minute:
		return "1 minute"
	case d%time.Minute == 0:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	}
	return d.String()
}
