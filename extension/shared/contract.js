// @ts-check
// GENERATED from py_core by build.py (py_core/devtools/contract_js.py): do not edit.
// Change the source named beside each constant, then run
// `python -m py_core.devtools.contract_js` (tests/unit/test_one_source.py fails while
// this file is stale, and when a hand-written file defines one of these itself).

/** Ozon sites the extension runs on (py_core/data/page.json "hosts"). */
export const OZON_SITES = Object.freeze(["ozon.ru", "ozon.kz", "ozon.by"]);

/** Their host names, with and without www. */
export const OZON_HOSTS = Object.freeze(["www.ozon.ru", "ozon.ru", "www.ozon.kz", "ozon.kz", "www.ozon.by", "ozon.by"]);

/** Match patterns for those hosts (the manifest's, filled in by build.py). */
export const OZON_MATCHES = Object.freeze(["https://www.ozon.ru/*", "https://ozon.ru/*", "https://www.ozon.kz/*", "https://ozon.kz/*", "https://www.ozon.by/*", "https://ozon.by/*"]);

/** A host name of one of those sites. */
export const OZON_HOST_RE = /^(?:www\.)?(?:ozon\.ru|ozon\.kz|ozon\.by)$/;

/** An order number, e.g. 46206571-0591 (py_core.models.ORDER_NUMBER_RE). */
export const ORDER_NUMBER_RE = /(?<!\d)\d{1,20}-\d{4}(?!\d)/;

/** A parcel number, e.g. 46206571-0591-1 (py_core.models.POSTING_NUMBER_RE). */
export const POSTING_NUMBER_RE = /(?<!\d)\d{1,20}-\d{4}-\d{1,6}(?!\d)/;

/** What went wrong, in the panel's order (py_core.models.ProblemCode). */
export const PROBLEM_CODES = Object.freeze(["damaged", "wrong_item", "missing_item", "not_delivered", "late_delivery", "return_request", "refund_missing", "product_question", "warranty_repair", "payment_issue", "account_issue", "complaint"]);

/** Where a message can go (py_core.models.ChannelCode). */
export const CHANNEL_CODES = Object.freeze(["seller_chat", "return_request", "support_chat", "email", "phone", "public_post"]);

/** How much of a page a snapshot carries (page.json "snapshot.limits"). */
export const SNAPSHOT_LIMITS = Object.freeze({"text": 200000, "state": 500000, "widgets": 400, "links": 300, "parcels": 100});

/** How long a held draft waits for a chat box, in ms (data/extension.json). */
export const HELD_DRAFT_MS = 600000;

/** The errors py_core answers with, by code (py_core.exceptions). */
export const ERROR_CODES = Object.freeze(["bad_json", "unknown_request", "invalid_payload", "missing_order_number", "not_found", "internal"]);

/** Every request py_core.bridge answers, with what it answers (py_core.registry.ENDPOINTS). */
export const BRIDGE_REQUESTS = Object.freeze({
  "ping": "Is the core there, and its version",
  "warm": "Load the data and compile every template and category pattern now (once, while idle)",
  "extract": "The page kind, the order read from the snapshot, what was missing",
  "shape": "The page-structure report of a snapshot: widget names, key paths and value types, no page values",
  "problems": "Every problem with its labels (ru, en, zh) and follow-up questions",
  "advise": "Channels, deadlines, evidence, help links, closing checklist, draft",
  "draft": "The message for the requested (or the first advised) channel",
  "deadlines": "Every deadline of the case, soonest first",
  "check": "The checks of a text the buyer edited (length, order number, personal data ...)",
  "ask_product": "A product page read: the product, the questions to ask, where to ask, the notices",
  "question_draft": "A question about the product in Russian and the buyer's language (`own` keeps the text verbatim)",
  "public_check": "Personal data in a text that will be public",
  "social": "The seller's social-media route: private message first, public comment next",
  "tips": "The tips for a moment, a problem or (with only a case) what applies to it now",
  "case_link": "The case keeping a shop's social-media page (an address already kept is not added twice)",
  "case_new": "A new open case for the order and problem, with its closing checklist",
  "case_record": "The case (without `case`: a new one for `order` and `problem`) with a contact logged (its `follow_up_due` set); `problem` and `profile` replace the case's",
  "case_update": "The case with a contact attempt's status, reference or reply changed",
  "case_confirm": "The case with a closing checklist point confirmed",
  "case_status": "The case marked open, resolved or abandoned",
  "case_due": "The contacts still waiting for a reply, soonest due first",
  "case_export": "The case as a file: JSON (`case_import` reads it back) or Markdown",
  "case_import": "A case from its JSON export, validated whole",
  "case_escalation": "A message that escalates the case, naming every contact and what the first draft named",
  "case_step": "The case with a step past Ozon (claim, Rospotrebnadzor, bank dispute) logged",
  "case_load": "The stored cases, each migrated and validated on its own; why each bad one is bad",
  "case_list": "The stored cases (of `order_number`, if given), newest first, each with its follow-ups; why each bad record is bad",
  "claim": "The written pre-trial claim, the Rospotrebnadzor complaint and the bank dispute text"
});

// ----- JSDoc types of the bridge's payloads and results (pydantic JSON schemas)

/**
 * Each bridge request's payload (what the extension sends, without `type`) and result.
 * @typedef {Object} BridgeContract
 * @property {{payload: PingRequest, result: Pong}} ping
 * @property {{payload: WarmRequest, result: Warmed}} warm
 * @property {{payload: ExtractRequest, result: Extraction}} extract
 * @property {{payload: ShapeRequest, result: ShapeReport}} shape
 * @property {{payload: ProblemsRequest, result: Array<Record<string, any>>}} problems
 * @property {{payload: AdviseRequest, result: Advice}} advise
 * @property {{payload: AdviseRequest, result: Draft}} draft
 * @property {{payload: AdviseRequest, result: Array<Deadline>}} deadlines
 * @property {{payload: CheckRequest, result: Array<DraftCheck>}} check
 * @property {{payload: AskProductRequest, result: ProductQuestions}} ask_product
 * @property {{payload: QuestionRequest, result: QuestionDraft}} question_draft
 * @property {{payload: PublicCheckRequest, result: Array<PublicTextCheck>}} public_check
 * @property {{payload: SocialRequest, result: SocialAdvice}} social
 * @property {{payload: TipsRequest, result: Array<tips_Tip>}} tips
 * @property {{payload: CaseLinkRequest, result: Case_Output}} case_link
 * @property {{payload: CaseRequest, result: Case_Output}} case_new
 * @property {{payload: CaseRequest, result: RecordedAttempt}} case_record
 * @property {{payload: CaseRequest, result: Case_Output}} case_update
 * @property {{payload: CaseRequest, result: Case_Output}} case_confirm
 * @property {{payload: CaseRequest, result: Case_Output}} case_status
 * @property {{payload: CaseRequest, result: Array<FollowUp>}} case_due
 * @property {{payload: CaseRequest, result: ExportedCase}} case_export
 * @property {{payload: CaseRequest, result: Case_Output}} case_import
 * @property {{payload: CaseRequest, result: Draft}} case_escalation
 * @property {{payload: CaseRequest, result: Case_Output}} case_step
 * @property {{payload: CaseLoadRequest, result: LoadedCases}} case_load
 * @property {{payload: CaseLoadRequest, result: CaseListing}} case_list
 * @property {{payload: CaseRequest, result: ClaimResult}} claim
 */

/**
 * The result of `advise`.
 * @typedef {Object} Advice
 * @property {Array<ChannelAdvice>} channels
 * @property {Array<Deadline>} deadlines
 * @property {Array<EvidenceItem>} evidence
 * @property {Array<HelpLink>} help_links
 * @property {Array<ClosingPoint>} closing_checklist
 * @property {Draft} draft
 * @property {CategoryGuess} category
 * @property {Array<Record<string, any>>} categories
 * @property {Array<Basis>} basis
 * @property {SiteLaw} site
 * @property {Array<api_Tip>} tips
 * @property {EscalationOffer} escalation
 */

/**
 * Payload of `advise`, `draft` and `deadlines`. `order` is the order as read (the background adds it), `corrections` what the buyer typed; without either the request is refused for want of an order numb
 * @typedef {Object} AdviseRequest
 * @property {(Order_Input | null)} [order]
 * @property {(OrderCorrections | null)} [corrections]
 * @property {Problem_Input} problem
 * @property {Array<ContactAttempt>} [history]
 * @property {("ru" | "en" | "zh")} [lang]
 * @property {(ChannelCode | null)} [channel]
 * @property {(string | null)} [today]
 * @property {(string | null)} [now]
 * @property {(string | null)} [received] When the page did not show it
 * @property {(string | null)} [category]
 * @property {(string | null)} [note]
 * @property {Profile} [profile]
 * @property {boolean} [escalate] The buyer says seller and support failed
 * @property {Array<EscalationStep>} [steps]
 */

/**
 * `ask_product`: read a product page snapshot and list the questions to ask.
 * @typedef {Object} AskProductRequest
 * @property {any} [snapshot]
 */

/**
 * Where a contact attempt stands.
 * @typedef {("drafted" | "waiting" | "answered" | "resolved" | "no_reply" | "failed")} AttemptStatus
 */

/**
 * One rule the case rests on: an article of the law or one of Ozon's rules.
 * @typedef {Object} Basis
 * @property {string} code
 * @property {("law" | "ozon" | "local")} kind
 * @property {Record<string, string>} title
 * @property {Record<string, string>} gives
 * @property {(Record<string, string> | null)} term
 * @property {string} source
 * @property {(string | null)} url
 * @property {string} checked
 */

/**
 * One block of a printable document.
 * @typedef {Object} Block
 * @property {("to" | "from" | "title" | "para" | "list" | "date" | "sign")} role
 * @property {string} text
 * @property {(Array<string> | null)} [items]
 */

/**
 * The buyer's case: the order, the problem and every contact attempt, in order.
 * @typedef {Object} Case_Input
 * @property {1} [schema_version]
 * @property {string} id
 * @property {string} created_at
 * @property {Order_Input} order
 * @property {Problem_Input} problem
 * @property {CaseStatus} [status]
 * @property {Array<ContactAttempt>} [attempts]
 * @property {Array<ClosingItem>} [closing]
 * @property {Array<EscalationStep>} [steps]
 * @property {(Profile | null)} [profile] The buyer's own signature name and tone, for later drafts
 * @property {Array<CaseLink>} [links]
 */

/**
 * The buyer's case: the order, the problem and every contact attempt, in order.
 * @typedef {Object} Case_Output
 * @property {1} [schema_version]
 * @property {string} id
 * @property {string} created_at
 * @property {Order_Output} order
 * @property {Problem_Output} problem
 * @property {CaseStatus} [status]
 * @property {Array<ContactAttempt>} [attempts]
 * @property {Array<ClosingItem>} [closing]
 * @property {Array<EscalationStep>} [steps]
 * @property {(Profile | null)} [profile] The buyer's own signature name and tone, for later drafts
 * @property {Array<CaseLink>} [links]
 */

/**
 * A shop's page on a social network that the buyer found and kept with the case.
 * @typedef {Object} CaseLink
 * @property {string} url
 * @property {(string | null)} [network]
 * @property {string} added_at
 */

/**
 * `case_link`: keep a shop's social-media page with the case.
 * @typedef {Object} CaseLinkRequest
 * @property {Case_Input} case
 * @property {string} url
 * @property {(string | null)} [now]
 */

/**
 * The result of `case_list`: the cases, newest first, each with what is due; the bad records.
 * @typedef {Object} CaseListing
 * @property {Array<ListedCase>} cases
 * @property {Array<Record<string, any>>} bad
 */

/**
 * `case_load` and `case_list`: the stored cases, each migrated and validated on its own. `case_list` also gives each case's follow-ups (only the cases of `order_number`, when it is given): the whole log
 * @typedef {Object} CaseLoadRequest
 * @property {any} [records]
 * @property {(string | null)} [order_number]
 * @property {(string | null)} [now]
 */

/**
 * Payload of the `case_*` requests and `claim` (each uses the fields it needs).
 * @typedef {Object} CaseRequest
 * @property {(Order_Input | null)} [order]
 * @property {(OrderCorrections | null)} [corrections]
 * @property {(Case_Input | null)} [case]
 * @property {(Problem_Input | null)} [problem]
 * @property {(ChannelCode | null)} [channel]
 * @property {(string | null)} [text]
 * @property {(AttemptStatus | null)} [status]
 * @property {(CaseStatus | null)} [case_status]
 * @property {(string | null)} [attempt_id]
 * @property {(string | null)} [reference]
 * @property {(string | null)} [reply_summary]
 * @property {(string | null)} [code]
 * @property {(string | null)} [value]
 * @property {("json" | "markdown")} [format]
 * @property {(("claim" | "rospotrebnadzor" | "bank_dispute") | null)} [step]
 * @property {(Parties | null)} [parties]
 * @property {("ru" | "en" | "zh")} [lang]
 * @property {(string | null)} [today]
 * @property {(string | null)} [now]
 * @property {(string | null)} [note]
 * @property {Profile} [profile]
 */

/**
 * Whether the case is still open.
 * @typedef {("open" | "resolved" | "abandoned")} CaseStatus
 */

/**
 * The category assumed for the item and why.
 * @typedef {Object} CategoryGuess
 * @property {string} code
 * @property {Record<string, string>} label
 * @property {("request" | "title" | "default")} source
 * @property {(string | null)} [matched]
 */

/**
 * One advised channel, with its place in the list and the reason in three languages.
 * @typedef {Object} ChannelAdvice
 * @property {ChannelCode} code
 * @property {number} rank
 * @property {Record<string, string>} reason
 * @property {Array<Record<string, string>>} [notes]
 * @property {(Record<string, string> | null)} [how_to]
 */

/**
 * Where a message can go (fixed contract with the extension).
 * @typedef {("seller_chat" | "return_request" | "support_chat" | "email" | "phone" | "public_post")} ChannelCode
 */

/**
 * `check`: checks of a text the buyer edited.
 * @typedef {Object} CheckRequest
 * @property {string} text
 * @property {ChannelCode} channel
 * @property {(string | null)} [order_number]
 * @property {(string | null)} [subject]
 * @property {("ru" | "en" | "zh")} [lang]
 * @property {Array<string>} [names]
 */

/**
 * A field the buyer fills in, and where to find its value.
 * @typedef {Object} ClaimField
 * @property {string} code
 * @property {Record<string, string>} label
 * @property {Record<string, string>} where
 * @property {(string | null)} value
 * @property {boolean} required
 */

/**
 * The result of the `claim` request.
 * @typedef {Object} ClaimResult
 * @property {string} case_id
 * @property {string} site
 * @property {boolean} russian_law
 * @property {Array<ClaimField>} fields
 * @property {Array<Document>} documents
 */

/**
 * One point to confirm before ending a chat, and what the buyer recorded.
 * @typedef {Object} ClosingItem
 * @property {string} code
 * @property {Record<string, string>} label
 * @property {(string | null)} [value]
 * @property {(string | null)} [confirmed_at]
 */

/**
 * Something to confirm before ending the chat.
 * @typedef {Object} ClosingPoint
 * @property {string} code
 * @property {Record<string, string>} label
 */

/**
 * One message the buyer drafted or sent, and what came of it.
 * @typedef {Object} ContactAttempt
 * @property {string} id
 * @property {string} at
 * @property {ChannelCode} channel
 * @property {string} text
 * @property {AttemptStatus} [status]
 * @property {(string | null)} [follow_up_due]
 * @property {(string | null)} [reference] Ticket, return or chat number given
 * @property {(string | null)} [reply_summary]
 * @property {(string | null)} [updated_at]
 */

/**
 * What is damaged.
 * @typedef {("packaging" | "item" | "both")} DamageKind
 */

/**
 * One date that matters for the case.
 * @typedef {Object} Deadline
 * @property {string} code
 * @property {("buyer" | "seller" | "ozon")} who
 * @property {Record<string, string>} label
 * @property {(string | null)} date
 * @property {(Record<string, string> | null)} [date_text]
 * @property {(number | null)} days
 * @property {string} anchor
 * @property {Record<string, string>} anchor_label
 * @property {(string | null)} anchor_date
 * @property {(number | null)} days_left
 * @property {(number | null)} [days_ago]
 * @property {("upcoming" | "today" | "passed" | "unknown" | "not_allowed")} state
 * @property {Record<string, string>} status_text
 * @property {(Record<string, string> | null)} [still_possible]
 * @property {(Record<string, string> | null)} [depends_on]
 * @property {string} category
 * @property {(Record<string, string> | null)} [note]
 * @property {(string | null)} [basis]
 * @property {(DeadlineSource | null)} [chosen]
 * @property {Array<DeadlineSource>} [other_variants]
 * @property {Array<DeadlineSource>} sources
 */

/**
 * Where a rule comes from and when it was last checked.
 * @typedef {Object} DeadlineSource
 * @property {(number | null)} days
 * @property {(string | null)} date
 * @property {string} source
 * @property {(string | null)} [url]
 * @property {string} checked
 * @property {("ozon" | "law" | "guide")} [kind]
 * @property {(Record<string, string> | null)} [why]
 */

/**
 * Who carries the parcel: Ozon's logistics (FBO, FBS) or the seller itself (rFBS).
 * @typedef {("ozon" | "seller" | "mixed" | "unknown")} DeliveryScheme
 */

/**
 * One escalation document, in Russian and in the buyer's language.
 * @typedef {Object} Document
 * @property {("claim" | "rospotrebnadzor" | "bank_dispute")} kind
 * @property {Record<string, string>} label
 * @property {DocumentText} ru
 * @property {DocumentText} side
 * @property {Record<string, string>} how_to_file
 * @property {Array<Record<string, any>>} links
 * @property {(string | null)} [done_at]
 */

/**
 * A document in one language.
 * @typedef {Object} DocumentText
 * @property {("ru" | "en" | "zh")} lang
 * @property {string} title
 * @property {Array<Block>} blocks
 * @property {string} text
 */

/**
 * A message for one channel: the Russian text to send and a translation beside it.
 * @typedef {Object} Draft
 * @property {ChannelCode} channel
 * @property {("chat" | "email" | "phone" | "public_post" | "return_request")} form
 * @property {DraftText} ru
 * @property {DraftText} side
 * @property {(number | null)} [max_length]
 * @property {Array<DraftCheck>} [checks]
 */

/**
 * A problem the draft checker found.
 * @typedef {Object} DraftCheck
 * @property {("no_order_number" | "no_request" | "too_long" | "shouting" | "personal_data" | "template_syntax" | "html" | "empty" | "note_left_out")} code
 * @property {("error" | "warning" | "info")} severity
 * @property {string} message
 */

/**
 * One language version of a message.
 * @typedef {Object} DraftText
 * @property {("ru" | "en" | "zh")} lang
 * @property {(string | null)} [subject]
 * @property {string} body
 */

/**
 * Whether the ladder past Ozon is offered now, why, and its steps.
 * @typedef {Object} EscalationOffer
 * @property {boolean} offered
 * @property {(Record<string, string> | null)} why
 * @property {Array<OfferedStep>} steps
 */

/**
 * One step past Ozon that the buyer took: the written claim, Rospotrebnadzor, the bank.
 * @typedef {Object} EscalationStep
 * @property {("claim" | "rospotrebnadzor" | "bank_dispute")} code
 * @property {string} at
 * @property {(string | null)} [note]
 */

/**
 * Something to prepare before writing.
 * @typedef {Object} EvidenceItem
 * @property {string} code
 * @property {Record<string, string>} label
 */

/**
 * The result of `case_export`: a file for the buyer to keep.
 * @typedef {Object} ExportedCase
 * @property {("json" | "markdown")} format
 * @property {string} filename
 * @property {string} text
 */

/**
 * Payload of `extract`: the page snapshot, as the content script sends it.
 * @typedef {Object} ExtractRequest
 * @property {any} [snapshot]
 * @property {(string | null)} [today]
 */

/**
 * What the extraction found on a page, and what it could not find.
 * @typedef {Object} Extraction
 * @property {("order_details" | "returns" | "return_details" | "unknown")} page_kind
 * @property {(Order_Output | null)} order
 * @property {Array<string>} [missing]
 * @property {Array<string>} [warnings]
 */

/**
 * One attempt still waiting for a reply (`case_due`).
 * @typedef {Object} FollowUp
 * @property {string} attempt_id
 * @property {string} channel
 * @property {string} due
 * @property {boolean} overdue
 */

/**
 * A help-centre page worth reading first.
 * @typedef {Object} HelpLink
 * @property {string} code
 * @property {string} url
 * @property {Record<string, string>} title
 * @property {string} source
 * @property {string} checked
 */

/**
 * One case of `case_list` with its contacts still waiting for a reply.
 * @typedef {Object} ListedCase
 * @property {Case_Output} case
 * @property {Array<FollowUp>} due
 */

/**
 * The result of `case_load`: the valid cases, and for each bad record why.
 * @typedef {Object} LoadedCases
 * @property {Array<Case_Output>} cases
 * @property {Array<Record<string, any>>} bad
 */

/**
 * When the buyer noticed the problem.
 * @typedef {("at_pickup" | "at_unboxing" | "later")} NoticedWhen
 */

/**
 * One rung of the ladder.
 * @typedef {Object} OfferedStep
 * @property {("claim" | "rospotrebnadzor" | "bank_dispute")} code
 * @property {Record<string, string>} label
 * @property {Record<string, string>} what
 * @property {(string | null)} [done_at]
 */

/**
 * An Ozon order as read from its page (or typed in by the buyer). Every field but the number may be unknown; the extraction reports which ones.
 * @typedef {Object} Order_Input
 * @property {(string | null)} [number]
 * @property {string} [site]
 * @property {(string | null)} [url]
 * @property {(string | null)} [created_date]
 * @property {OrderStatus} [status]
 * @property {(string | null)} [status_label]
 * @property {(string | null)} [payment_status]
 * @property {string} [currency]
 * @property {((number | string) | null)} [total]
 * @property {Array<OrderItem_Input>} [items]
 * @property {Array<string>} [sellers]
 * @property {Array<Parcel>} [parcels]
 * @property {DeliveryScheme} [delivery_scheme]
 * @property {(string | null)} [expected_date] Delivery or pickup date
 * @property {(string | null)} [received_date]
 * @property {(string | null)} [tracking]
 * @property {(string | null)} [payment_method] e.g. Ozon Банк
 * @property {(("pickup" | "door") | null)} [delivery_kind] Where the parcel goes (never the address itself)
 * @property {Array<ReturnRequest_Input>} [returns]
 */

/**
 * An Ozon order as read from its page (or typed in by the buyer). Every field but the number may be unknown; the extraction reports which ones.
 * @typedef {Object} Order_Output
 * @property {(string | null)} [number]
 * @property {string} [site]
 * @property {(string | null)} [url]
 * @property {(string | null)} [created_date]
 * @property {OrderStatus} [status]
 * @property {(string | null)} [status_label]
 * @property {(string | null)} [payment_status]
 * @property {string} [currency]
 * @property {(string | null)} [total]
 * @property {Array<OrderItem_Output>} [items]
 * @property {Array<string>} [sellers]
 * @property {Array<Parcel>} [parcels]
 * @property {DeliveryScheme} [delivery_scheme]
 * @property {(string | null)} [expected_date] Delivery or pickup date
 * @property {(string | null)} [received_date]
 * @property {(string | null)} [tracking]
 * @property {(string | null)} [payment_method] e.g. Ozon Банк
 * @property {(("pickup" | "door") | null)} [delivery_kind] Where the parcel goes (never the address itself)
 * @property {Array<ReturnRequest_Output>} [returns]
 */

/**
 * What the buyer typed or chose where the page did not show it. The panel sends only these; the background adds the order as read from the page (it keeps that read per tab), and the core puts the two to
 * @typedef {Object} OrderCorrections
 * @property {(string | null)} [number] Typed or selected; used only when the page showed none
 * @property {(string | null)} [created_date]
 * @property {(string | null)} [received_date]
 * @property {(string | null)} [expected_date]
 * @property {(OrderStatus | null)} [status]
 * @property {(DeliveryScheme | null)} [delivery_scheme]
 * @property {(Array<string> | null)} [sellers]
 * @property {(string | null)} [item] The item, when none was read
 */

/**
 * One product line of an order.
 * @typedef {Object} OrderItem_Input
 * @property {string} title
 * @property {(string | null)} [sku] Ozon SKU
 * @property {number} [quantity]
 * @property {((number | string) | null)} [price] Price of the line, as shown
 * @property {(string | null)} [seller]
 * @property {(string | null)} [parcel] Posting number
 * @property {(string | null)} [shipment_id] The parcel's shipmentId on the page
 * @property {(string | null)} [variant] Colour, size, ...
 */

/**
 * One product line of an order.
 * @typedef {Object} OrderItem_Output
 * @property {string} title
 * @property {(string | null)} [sku] Ozon SKU
 * @property {number} [quantity]
 * @property {(string | null)} [price] Price of the line, as shown
 * @property {(string | null)} [seller]
 * @property {(string | null)} [parcel] Posting number
 * @property {(string | null)} [shipment_id] The parcel's shipmentId on the page
 * @property {(string | null)} [variant] Colour, size, ...
 */

/**
 * The order's state, normalised from the Russian labels Ozon shows.
 * @typedef {("cancelled" | "processing" | "in_transit" | "ready_for_pickup" | "received" | "unknown")} OrderStatus
 */

/**
 * One posting (shipment) of an order: Ozon splits orders by seller and warehouse.
 * @typedef {Object} Parcel
 * @property {(string | null)} [number]
 * @property {OrderStatus} [status]
 * @property {(string | null)} [status_label]
 * @property {DeliveryScheme} [delivery_scheme]
 * @property {(("FBO" | "FBS" | "rFBS") | null)} [fulfilment] Ozon's scheme: FBO (Ozon's warehouse), FBS, rFBS (seller delivers)
 * @property {(string | null)} [seller]
 * @property {(string | null)} [expected_date]
 * @property {(string | null)} [received_date]
 * @property {(string | null)} [tracking]
 * @property {(string | null)} [shipment_id] Ozon's shipmentId of the parcel
 * @property {Array<string>} [sellers] Every seller in this parcel
 */

/**
 * What the buyer types in for the claim (nothing is guessed; blanks stay blank lines).
 * @typedef {Object} Parties
 * @property {(string | null)} [seller_name]
 * @property {(string | null)} [seller_inn]
 * @property {(string | null)} [seller_ogrn]
 * @property {(string | null)} [seller_address]
 * @property {(string | null)} [buyer_name]
 * @property {(string | null)} [buyer_address]
 * @property {(string | null)} [buyer_contact]
 * @property {(string | null)} [card_last4]
 * @property {(string | null)} [payment_date]
 * @property {(string | null)} [rrn]
 */

/**
 * `ping`: is the core there, and which version.
 * @typedef {{type?: "ping"}} PingRequest
 */

/**
 * The result of `ping`.
 * @typedef {Object} Pong
 * @property {string} version
 */

/**
 * What went wrong, with the details that matter for this kind of problem. Only the details that make sense for the chosen `code` are accepted.
 * @typedef {Object} Problem_Input
 * @property {ProblemCode} code
 * @property {(string | null)} [item] Which item: title or SKU
 * @property {(DamageKind | null)} [damage]
 * @property {(NoticedWhen | null)} [noticed]
 * @property {(string | null)} [noticed_on]
 * @property {(string | null)} [received_item] What arrived instead (wrong item)
 * @property {(string | null)} [expected_date]
 * @property {(string | null)} [actual_date]
 * @property {(("changed_mind" | "did_not_fit" | "defect" | "not_as_described") | null)} [return_reason]
 * @property {(string | null)} [return_number]
 * @property {(string | null)} [refund_promised_on]
 * @property {(("compatibility" | "size" | "completeness" | "usage" | "other") | null)} [question]
 * @property {(number | null)} [warranty_months]
 * @property {(("charged_twice" | "paid_but_unpaid" | "wrong_amount" | "card_hold") | null)} [payment_kind]
 * @property {(("cannot_log_in" | "blocked" | "chat_disabled" | "points") | null)} [account_kind]
 * @property {(("seller" | "courier" | "pickup_point" | "fake_item" | "support") | null)} [complaint_about]
 * @property {(Remedy | null)} [remedy]
 * @property {((number | string) | null)} [amount]
 * @property {(string | null)} [fault] What exactly is wrong, in the buyer's words (put in the draft verbatim)
 */

/**
 * What went wrong, with the details that matter for this kind of problem. Only the details that make sense for the chosen `code` are accepted.
 * @typedef {Object} Problem_Output
 * @property {ProblemCode} code
 * @property {(string | null)} [item] Which item: title or SKU
 * @property {(DamageKind | null)} [damage]
 * @property {(NoticedWhen | null)} [noticed]
 * @property {(string | null)} [noticed_on]
 * @property {(string | null)} [received_item] What arrived instead (wrong item)
 * @property {(string | null)} [expected_date]
 * @property {(string | null)} [actual_date]
 * @property {(("changed_mind" | "did_not_fit" | "defect" | "not_as_described") | null)} [return_reason]
 * @property {(string | null)} [return_number]
 * @property {(string | null)} [refund_promised_on]
 * @property {(("compatibility" | "size" | "completeness" | "usage" | "other") | null)} [question]
 * @property {(number | null)} [warranty_months]
 * @property {(("charged_twice" | "paid_but_unpaid" | "wrong_amount" | "card_hold") | null)} [payment_kind]
 * @property {(("cannot_log_in" | "blocked" | "chat_disabled" | "points") | null)} [account_kind]
 * @property {(("seller" | "courier" | "pickup_point" | "fake_item" | "support") | null)} [complaint_about]
 * @property {(Remedy | null)} [remedy]
 * @property {(string | null)} [amount]
 * @property {(string | null)} [fault] What exactly is wrong, in the buyer's words (put in the draft verbatim)
 */

/**
 * What went wrong, as the buyer picks it in the panel (fixed contract with the extension).
 * @typedef {("damaged" | "wrong_item" | "missing_item" | "not_delivered" | "late_delivery" | "return_request" | "refund_missing" | "product_question" | "warranty_repair" | "payment_issue" | "account_issue" | "complaint")} ProblemCode
 */

/**
 * `problems`: every problem with its labels (all three languages) and questions.
 * @typedef {{type?: "problems"}} ProblemsRequest
 */

/**
 * What a product page says about the product. Page text only, never the buyer's data.
 * @typedef {Object} Product_Input
 * @property {string} [url]
 * @property {(string | null)} [site]
 * @property {(string | null)} [sku]
 * @property {(string | null)} [title]
 * @property {(string | null)} [seller]
 * @property {(string | null)} [seller_link]
 * @property {(string | null)} [price] Price as shown, without Ozon's card.
 * @property {(string | null)} [card_price] Price with Ozon's bank card.
 * @property {(number | string | null)} [amount]
 * @property {(string | null)} [currency]
 * @property {(boolean | null)} [available]
 * @property {Array<ProductVariant>} [variants]
 * @property {Array<string>} [social_links]
 */

/**
 * What a product page says about the product. Page text only, never the buyer's data.
 * @typedef {Object} Product_Output
 * @property {string} [url]
 * @property {(string | null)} [site]
 * @property {(string | null)} [sku]
 * @property {(string | null)} [title]
 * @property {(string | null)} [seller]
 * @property {(string | null)} [seller_link]
 * @property {(string | null)} [price] Price as shown, without Ozon's card.
 * @property {(string | null)} [card_price] Price with Ozon's bank card.
 * @property {(string | null)} [amount]
 * @property {(string | null)} [currency]
 * @property {(boolean | null)} [available]
 * @property {Array<ProductVariant>} [variants]
 * @property {Array<string>} [social_links]
 */

/**
 * The result of `ask_product`: the reading, the questions, where to ask, notices.
 * @typedef {Object} ProductQuestions
 * @property {("product" | "unknown")} page_kind
 * @property {(Product_Output | null)} product
 * @property {Array<string>} missing
 * @property {Array<string>} warnings
 * @property {Array<Record<string, any>>} questions
 * @property {Record<string, any>} targets
 * @property {Record<string, any>} notices
 */

/**
 * One selected option of the product, e.g. `{"name": "Размер", "value": "M"}`.
 * @typedef {Object} ProductVariant
 * @property {string} name
 * @property {string} value
 */

/**
 * How the buyer signs and how formal the text is.
 * @typedef {Object} Profile
 * @property {(string | null)} [name]
 * @property {("formal" | "neutral")} [tone]
 */

/**
 * `public_check`: personal data in a text that will be public.
 * @typedef {Object} PublicCheckRequest
 * @property {string} text
 * @property {("ru" | "en" | "zh")} [lang]
 * @property {Array<string>} [names]
 */

/**
 * One finding about a public text, with its message in the requested language.
 * @typedef {Object} PublicTextCheck
 * @property {("personal_data" | "empty")} code
 * @property {("error" | "warning" | "info")} severity
 * @property {string} message
 * @property {Array<("phone" | "email" | "card" | "order_number" | "address" | "name")>} [kinds]
 */

/**
 * A question for the seller, in Russian and in the buyer's language.
 * @typedef {Object} QuestionDraft
 * @property {("size" | "compatibility" | "included" | "authenticity" | "delivery" | "own")} code
 * @property {("question_form" | "seller_chat")} target
 * @property {boolean} public
 * @property {DraftText} ru
 * @property {DraftText} side
 * @property {Record<string, string>} notice
 * @property {Array<PublicTextCheck>} checks
 */

/**
 * `question_draft`: a question about a product, in Russian and the buyer's language.
 * @typedef {Object} QuestionRequest
 * @property {(Product_Input | null)} [product]
 * @property {("size" | "compatibility" | "included" | "authenticity" | "delivery" | "own")} question
 * @property {("ru" | "en" | "zh")} [lang]
 * @property {(string | null)} [own_text]
 * @property {(string | null)} [detail]
 * @property {("question_form" | "seller_chat")} [target]
 * @property {Array<string>} [names]
 */

/**
 * The result of `case_record`.
 * @typedef {Object} RecordedAttempt
 * @property {Case_Output} case
 * @property {ContactAttempt} attempt
 */

/**
 * What the buyer wants.
 * @typedef {("replacement" | "refund" | "partial_refund" | "repair" | "information")} Remedy
 */

/**
 * One return as the returns pages show it (/my/returns, /my/returnDetails).
 * @typedef {Object} ReturnRequest_Input
 * @property {(string | null)} [number]
 * @property {(string | null)} [created_date]
 * @property {(string | null)} [status_label]
 * @property {("refund_sent" | "pending" | "approved" | "rejected" | "in_transit" | "cancelled" | "unknown")} [status]
 * @property {((number | string) | null)} [amount]
 * @property {Array<string>} [items]
 */

/**
 * One return as the returns pages show it (/my/returns, /my/returnDetails).
 * @typedef {Object} ReturnRequest_Output
 * @property {(string | null)} [number]
 * @property {(string | null)} [created_date]
 * @property {(string | null)} [status_label]
 * @property {("refund_sent" | "pending" | "approved" | "rejected" | "in_transit" | "cancelled" | "unknown")} [status]
 * @property {(string | null)} [amount]
 * @property {Array<string>} [items]
 */

/**
 * The result of `shape`.
 * @typedef {Object} ShapeReport
 * @property {string} report
 */

/**
 * `shape`: the page-structure report of a snapshot (no page values).
 * @typedef {Object} ShapeRequest
 * @property {any} [snapshot]
 * @property {any} [version]
 */

/**
 * The site the order is from and whether Russian consumer law applies to it.
 * @typedef {Object} SiteLaw
 * @property {string} code
 * @property {(string | null)} country
 * @property {boolean} russian_law
 */

/**
 * What `social_channels` returns.
 * @typedef {Object} SocialAdvice
 * @property {Array<string>} order
 * @property {Record<string, any>} private_message
 * @property {Record<string, any>} public_comment
 * @property {Array<SocialLink>} seller_links
 * @property {Record<string, string>} seller_links_note
 * @property {Array<Record<string, any>>} networks
 * @property {Array<Record<string, any>>} not_usable
 * @property {Record<string, string>} not_usable_note
 * @property {Array<Record<string, any>>} ozon_accounts
 * @property {Record<string, any>} help_centre
 */

/**
 * A shop's link on a social network.
 * @typedef {Object} SocialLink
 * @property {string} url
 * @property {(string | null)} network
 * @property {(boolean | null)} usable_in_russia
 * @property {("buyer" | "page")} found_by
 */

/**
 * `social`: the seller's social-media route (private message first).
 * @typedef {Object} SocialRequest
 * @property {string} order_number
 * @property {ProblemCode} problem
 * @property {("ru" | "en" | "zh")} [lang]
 * @property {(string | null)} [item]
 * @property {boolean} [tried_order_chat]
 * @property {Array<string>} [links]
 * @property {Array<string>} [page_links]
 */

/**
 * `tips`: the tips for a moment, a problem or a case.
 * @typedef {Object} TipsRequest
 * @property {(("problem_picked" | "support_overdue" | "case_resolved") | null)} [moment]
 * @property {(ProblemCode | null)} [problem]
 * @property {(Case_Input | null)} [case]
 * @property {(string | null)} [now]
 */

/**
 * `warm`: load the data and compile every template and category pattern now, while idle.
 * @typedef {{type?: "warm"}} WarmRequest
 */

/**
 * The result of `warm`: how many templates were compiled, in how many ms.
 * @typedef {Object} Warmed
 * @property {number} templates
 * @property {number} ms
 */

/**
 * Extra advice for this case (refuse at the pickup point, the bank route ...).
 * @typedef {Object} api_Tip
 * @property {string} code
 * @property {Record<string, string>} text
 */

/**
 * One tip, ready to show in any of the three languages.
 * @typedef {Object} tips_Tip
 * @property {("faq" | "off_peak" | "rate")} code
 * @property {("problem_picked" | "support_overdue" | "case_resolved")} moment
 * @property {Record<string, string>} text
 * @property {(string | null)} [url]
 * @property {(Array<Record<string, string>> | null)} [hours]
 * @property {(string | null)} [timezone]
 * @property {(Record<string, Record<string, string>> | null)} [where]
 * @property {boolean} [assumption]
 * @property {string} source
 * @property {string} checked
 */
