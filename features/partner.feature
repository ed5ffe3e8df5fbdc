Feature: The commissioned victims' service works in the toolkit
  As a worker at the force's commissioned victims' service
  I want the victims the police refer to us in a queue, with what they need,
  and to send them updates in our own name and words
  So that we contact each victim quickly and the police can see what we did

  We only ever see the victims referred to us. A coordinator at the force approves our wording
  before we can use it.

  Background:
    Given the force's commissioned service is "Testshire Victim Care", sending as "Victim Care", told of referrals at referrals@example.org
    And an officer recorded Alex Example on crime 06/123456/26, who said in the needs assessment that the crime left them in financial difficulty
    And an officer recorded Sam Other on crime 06/654321/26
    And the officer referred Alex Example to us from their page, and they agreed to be referred

  Scenario: We are told of the referral by email with the victim's needs and nothing more
    Then our referrals inbox has an email listing "Financial hardship"
    And the email does not name Alex Example, their number or the crime reference

  Scenario: We sign in, see only the victim referred to us, and record that we contacted them
    Given I am signed in as Vic Worker of Testshire Victim Care
    When I open the referrals to our service
    Then I see one referral, for crime 06/123456/26, waiting for us
    And it shows Alex Example, how to reach them and "Financial hardship"
    And I cannot open crime 06/654321/26, its victims or the sandbox
    When I record that we contacted the victim
    Then the referral says "Victim contacted"
    And the crime's chronology says "Testshire Victim Care answered the referral: Victim contacted"
    And Alex Example's Right 4 is met by the referral

  Scenario: We send an update in our own name once a coordinator approved our wording
    Given I am signed in as Vic Worker of Testshire Victim Care
    When I write our message "We will call you" saying "We have your referral and will call you within two working days."
    Then it is a draft and I cannot send it yet
    When a coordinator approves "We will call you"
    And I send "We will call you" to Alex Example by text
    Then the victim receives a text that begins "Victim Care: We have your referral"
    And the crime's chronology says "sent by Testshire Victim Care: We will call you"
