Feature: Resources, sections prepared ahead, and the commissioned victims' service
  As a Victims' Services Coordinator
  I want to keep prevention advice and the leaflets victims must be given in one library, in the
  victims' languages, and to prepare a section ahead of a force roll-out
  So that officers send the right resource in one press and see a new section the day it starts

  The force's commissioned victims' service signs in too: its staff see only the victims referred
  to them, and record what they did.

  Background:
    Given the force offers English, Welsh and Polish
    And texts and emails go to the sandbox, which keeps what the victim would receive instead of sending it

  Scenario: A coordinator adds a burglary prevention leaflet in English and Polish
    Given I am signed in as a coordinator, Sam Coordinator
    When I add the resource "Keeping your home safe" for burglary in English and Polish
    Then the resources library lists "Keeping your home safe" in en and pl
    And its history says Sam Coordinator created it

  Scenario: An officer sends the burglary leaflet in Polish in one press
    Given the coordinator has added "Keeping your home safe" for burglary in English and Polish
    And I am signed in as an officer, PC 1234 Jones
    When I look for resources for burglary and send "Keeping your home safe" by text to 07700 900123 in Polish for crime 06/123456/26
    Then the victim receives a text in Polish that begins "Zamykaj drzwi"
    And the library shows "Keeping your home safe" was sent once

  Scenario: A coordinator schedules "Right Care Right Person" for next Monday
    Given I am signed in as a coordinator, Sam Coordinator
    When I prepare the section "Right Care Right Person" with the guidance "Welfare calls go to partners"
    And I preview it
    Then I see the guidance "Welfare calls go to partners" as officers will see it
    When I schedule it for next Monday
    Then the section is "Scheduled"
    And an officer does not see "Right Care Right Person" yet

  Scenario: The victims' service sees only the victim referred to it and records contact
    Given an officer has referred Alex Example on crime 06/123456/26, who agreed to be referred
    And I am signed in as the victims' service, Vic Service
    When I open the referrals to my service
    Then I see crime 06/123456/26 waiting for the service
    And I cannot open crimes or the sandbox
    When I record that the victim was contacted
    Then the referral says "Victim contacted"
