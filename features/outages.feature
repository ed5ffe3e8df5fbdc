Feature: Nothing I send is lost when a system is down, and I am told when something fails
  As an officer keeping victims informed
  I want my updates and their records entries to wait out an outage and then go by themselves
  So that I never send or type anything twice, and I only act when something has really failed

  Supervisors read these scenarios as the promise the toolkit makes: a records system down for an
  afternoon or a weekend is normal, so the toolkit keeps trying for days; when it does give up, or
  cannot tell whether a victim got a message, the officer is told on their home page.

  Background:
    Given Testshire Police writes every update into PoliceWorks and emails victims through its mail server
    And I am signed in as an officer, PC 1234 Jones

  Scenario: The records system is down all afternoon
    Given it is 1pm and PoliceWorks has just gone down
    When I text three victims of crime 06/123456/26 their crime reference during the afternoon
    Then each victim gets their text straight away
    And at 5pm the three entries are still waiting for PoliceWorks, not given up
    And my home page does not say that anything needs my attention
    When PoliceWorks comes back at 6pm
    Then by 6:10pm the crime's chronology in PoliceWorks shows each text once
    And nobody had to press "Retry now"

  Scenario: The records system stays down for more than a week
    Given PoliceWorks has just gone down
    When I text the victim of crime 06/123456/26 their crime reference
    And eight days go by with PoliceWorks still down
    Then my home page tells me the entry for crime 06/123456/26 was not written into the crime's record, and why
    And a supervisor sees it on the list of what needs attention

  Scenario: The mail server takes my email but the line drops before it answers
    Given the mail server will take the next email and drop the line before it answers
    When I email the victim of crime 06/123456/26 their crime reference
    Then the message's page says it may have been delivered and that I should check with the victim before sending again
    And the crime's page says the same, and never that the email was not delivered
    And the crime's chronology in PoliceWorks says the email may have been delivered
    And my home page tells me to check with the victim
    When I have checked with the victim and press "Send again"
    Then the victim has had the email twice in all, and no more
