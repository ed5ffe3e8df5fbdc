Feature: Texts and emails reach the victim once, through the force's real providers
  As an officer who has sent a victim an update
  I want to see whether it reached them, and why not if it did not
  So that I can contact them another way, and they are never sent the same message twice

  Background:
    Given Testshire Police sends texts through Twilio and emails through its own mail server
    And I am signed in as an officer, PC 1234 Jones

  Scenario: The victim's phone could not be reached
    Given I have texted the victim of crime 06/123456/26 on 07700 900123 their crime reference
    When the mobile network reports that the text could not be delivered because the phone was unreachable
    Then the crime's page shows the text was not delivered because the victim's phone was unreachable
    And the crime's record says the text was NOT DELIVERED

  Scenario: Twilio takes too long to answer, but had the text
    Given Twilio will take too long to answer after accepting my next text
    When I text the victim of crime 06/123456/26 on 07700 900123 their crime reference
    Then the victim receives the text exactly once
    And the crime's page shows the text as sent

  Scenario: The mail server is down for a while
    Given the force's mail server is down
    When I email the victim of crime 06/123456/26 at sam.victim@example.org their crime reference
    Then the crime's page shows the email is still waiting to go
    When the mail server is back
    Then the victim receives the email exactly once
    And the crime's page shows the email as sent
