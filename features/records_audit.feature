Feature: Every update written into the crime's record in PoliceWorks
  As an officer dealing with a crime
  I want what I send a victim to be written into the crime's chronology in PoliceWorks for me
  So that I never re-type it, and the record shows exactly what the victim was told

  Supervisors read these scenarios as the promise the toolkit makes: every message lands in the
  chronology once, even when PoliceWorks is down or slow, and nothing is stored against a crime
  PoliceWorks does not know.

  Background:
    Given Testshire Police writes every update into PoliceWorks
    And PoliceWorks knows crime 06/123456/26

  Scenario: The text I send is written into the crime's chronology
    Given I am signed in as an officer, PC 1234 Jones
    When I text the victim of crime 06/123456/26 on 07700 900123 their crime reference in Welsh
    Then the crime's chronology in PoliceWorks shows the text I sent
    And the chronology entry keeps the English meaning of the Welsh text
    And the chronology entry says it was a text message in Welsh to +4477009***23, with the message's name
    And the victim's full number is not in PoliceWorks
    And the entry is in PoliceWorks once, written by PC 1234 Jones

  Scenario: A crime reference PoliceWorks does not know is caught before anything is sent
    Given I am signed in as an officer, PC 1234 Jones
    When I try to text the victim of crime 06/999999/26 on 07700 900123 their crime reference in English
    Then I am told "PoliceWorks has no crime 06/999999/26. Check the reference on the crime report and enter it again."
    And nothing has been sent to the victim or written anywhere

  Scenario: PoliceWorks is down while officers keep sending updates
    Given PoliceWorks is down
    And I am signed in as an officer, PC 1234 Jones
    When I text 5 victims of crime 06/123456/26 their crime reference in English
    Then before each Send I was warned that PoliceWorks could not confirm crime 06/123456/26
    And every victim gets their text
    And a supervisor sees 5 entries waiting for PoliceWorks, each saying why
    When PoliceWorks is back and the retries come round
    Then the crime's chronology in PoliceWorks shows each of the 5 texts once

  Scenario: PoliceWorks answers too slowly, and the entry still lands once
    Given PoliceWorks answers more slowly than the toolkit waits
    And I am signed in as an officer, PC 1234 Jones
    When I text the victim of crime 06/123456/26 on 07700 900123 their crime reference in English
    Then a supervisor sees 1 entry waiting for PoliceWorks, saying why
    When PoliceWorks is back and the retries come round
    Then the crime's chronology in PoliceWorks shows the text once

  Scenario: An admin retries an entry that PoliceWorks kept refusing
    Given an entry for crime 06/123456/26 was given up on because PoliceWorks kept failing
    And I am signed in as an admin
    When I press "Retry now" for it on the records writes page
    Then the crime's chronology in PoliceWorks shows the text once
    And the records writes page says every chronology entry has been written
