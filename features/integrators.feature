Feature: Integrators: the records system and partners' systems talk to the toolkit
  As the force's IT team connecting the crime records system and partners' case systems
  I want an API with tokens, an idempotency key and signed event notifications
  So that a closed crime sends the victim its update once, and partners know what happened without asking

  The records system never sees more than its token's scopes allow, and partners are told of
  events by ids and states only: never the victim's number, address or the message's text.

  Background:
    Given Testshire Police runs the toolkit with texts going to the sandbox
    And an admin has made a token for "Northtown records system" allowed to send, read status and read the chronology

  Scenario: The force's IT team makes the records system a token and reads the contract it will call
    When an admin makes a token on the API tokens page for "Northtown case files" allowed to send
    Then the page shows the token once, and the records system can call the API with it
    And the API tokens page never shows the token again
    When the records system reads the API's contract at /api/v1/openapi.json
    Then the contract is OpenAPI 3.1 and says how to send an update with an "Idempotency-Key"

  Scenario: The records system asks for the crime-closed update, twice, and the victim gets one text
    When the records system asks for the crime-closed update for crime 06/123456/26 with key "close-06-123456-26"
    And the records system's request times out on its side, so it asks again with the same key
    Then both answers name the same message
    And the victim receives exactly one text saying the investigation of 06/123456/26 is closed
    And the records system reads the message's status as sent or delivered
    And the crime's chronology, read through the API, shows the text sent by "API: Northtown records system"

  Scenario: A partner's case system is told the message was sent, and can prove it came from the force
    Given the partner's case system has registered for "message_sent" events
    When the records system asks for the crime-closed update for crime 06/123456/26 with key "close-again-1"
    Then the case system receives a "message_sent" event for that message, signed with its secret
    And the event names the crime but not the victim's number

  Scenario: The same key with a different request is refused, not sent
    When the records system asks for the crime-closed update for crime 06/123456/26 with key "reused-key"
    And the records system asks for the update in Welsh with the same key "reused-key"
    Then the second answer is a conflict saying the key was used with a different request
    And the victim receives exactly one text saying the investigation of 06/123456/26 is closed

  Scenario: A mistake in the request is named, field by field, with how to fix it
    When the records system asks for the crime-closed update with the crime reference "6-12345" and no officer name
    Then the answer names "crime_reference" and says "Enter the crime reference in the form 06/123456/26"
    And the answer names "fields.officer_name"
    And nothing is sent to the victim

  Scenario: A token that may only read directory services cannot send
    Given an admin has made a token for "Partner directory reader" allowed only to read the directory
    When that token is used to ask for the crime-closed update
    Then it is refused because it lacks the scope "send"
    And nothing is sent to the victim

  Scenario: A force's developer starts a plugin from the kit and its own tests pass
    When the developer runs "mad plugin new northshire_texts" and installs the package it writes
    Then the package's own tests pass as generated
