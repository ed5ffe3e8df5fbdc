Feature: Victims can answer
  As an officer in charge of a crime
  I want to see what a victim texts or emails back, and to be stopped from texting a victim who said STOP
  So that no reply is lost and no victim is texted against their wishes

  Victims reply to our texts ("can you call me after 5?"), some want no more texts, and the force
  wants to know how satisfied victims were once a crime is closed. In the demo the victim's
  reply is typed on the Sandbox page; a real force receives it from Twilio or its mailbox.

  Background:
    Given I am signed in as an officer, PC 1234 Jones
    And I have texted the victim of crime 06/123456/26 on 07700 900123 their crime reference

  Scenario: A victim's reply reaches the officer in charge
    When the victim replies "Can you call me after 5? 🙂"
    Then my home page shows a new reply about crime 06/123456/26
    And the crime's page shows the reply "Can you call me after 5? 🙂" after the text I sent
    And I get an email telling me the victim replied about crime 06/123456/26, without their words
    And once I have opened the crime's page, my home page no longer shows the reply as new

  Scenario: A victim who replies STOP gets no more texts
    When the victim replies "STOP"
    And I try to text the victim of crime 06/123456/26 on 07700 900123 again
    Then I am told the victim has opted out, and offered email or a call instead
    And nothing more is sent to 07700 900123
    And the crime's chronology says the victim opted out of texts

  Scenario: A victim who replies START can be texted again
    Given the victim replied "STOP"
    When the victim replies "START"
    And I try to text the victim of crime 06/123456/26 on 07700 900123 again
    Then the text is sent

  Scenario: A reply in Arabic tells me to get it interpreted
    Given I have texted the victim of crime 06/777777/26 on 07700 900777 their crime reference in Arabic
    When the victim on 07700 900777 replies "شكرا، هل يمكنكم الاتصال بي غدا؟"
    Then the crime's page for 06/777777/26 shows the reply with the note "Reply in Arabic: ask a VSC or the force's interpreting service"

  Scenario: A reply from a number we never texted goes to the VSCs
    When someone on 07700 900555 replies "PC Jones gave me this number about my stolen bike"
    Then a VSC sees the reply among the unmatched replies
    When the VSC attaches it to crime 06/123456/26
    Then the crime's page shows the reply "PC Jones gave me this number about my stolen bike" after the text I sent

  Scenario: Closing a crime asks the victim how satisfied they were
    When I text the victim of crime 06/123456/26 on 07700 900123 that the crime is closed with no further action
    Then the victim receives the satisfaction check "Reply 1 (very dissatisfied) to 5 (very satisfied)"
    When the victim replies "4"
    Then the victim is asked what one thing we could have done better
    And a supervisor sees a score of 4 for crime 06/123456/26 and a mean of 4.0 out of 5
