Feature: Signposting a victim to support
  As an officer talking to a victim
  I want to find the right support service for their need and where they live, and send it to them in one press
  So that the victim gets help, and the crime's record shows what they were given

  Victims' Services Coordinators keep the directory true: officers tell them when something is out
  of date, their corrections show at once, and every change is kept.

  Background:
    Given the force's directory has the demo support services across its ten districts
    And texts and emails go to the sandbox, which keeps what the victim would receive instead of sending it

  Scenario: An officer types an abbreviation and sees the victim's own district first
    Given I am signed in as an officer, PC 1234 Jones
    When I search the directory for "DV" in Northtown
    Then the first service I am offered is "Northtown Women's Refuge"
    And I am also offered "Safe Homes Domestic Abuse Service", which covers the whole force area
    And I am not offered "Men's Advice Point", which does not cover Northtown

  Scenario: A spelling mistake still finds support
    Given I am signed in as an officer, PC 1234 Jones
    When I search the directory for "homeles" in Marshgate
    Then I am offered "Marshgate Night Shelter"

  Scenario: An officer emails a victim a service and its leaflet in one press
    Given I am signed in as an officer, PC 1234 Jones
    And I am dealing with crime 06/123456/26
    When I open "Safe Homes Domestic Abuse Service" in the directory and press "Send to victim"
    And I send it by email to sam.victim@example.org in English
    Then the victim receives an email about "Safe Homes Domestic Abuse Service" with its phone number
    And the email has the leaflet "safe-homes-domestic-abuse-service.pdf" attached
    And the crime's record says the leaflet was attached

  Scenario: An officer texts a victim the short version with the phone number and website
    Given I am signed in as an officer, PC 1234 Jones
    And I am dealing with crime 06/123456/26
    When I open "Scam Aware Kingsford" in the directory and press "Send to victim"
    And I send it by text message to 07700 900123 in English
    Then the victim receives a text that gives "07700 900016" and "https://scam-aware-kingsford.example.org"
    And the text has nothing attached

  Scenario: An officer reports a service out of date and a coordinator corrects it
    Given I am signed in as an officer, PC 1234 Jones
    When I report "Warm Homes Fund" out of date saying "The number rings a fax machine"
    Then the Victims' Services Coordinators see "The number rings a fax machine" for "Warm Homes Fund"
    When a coordinator changes the phone number of "Warm Homes Fund" to 0161 496 0999
    Then I see 0161 496 0999 for "Warm Homes Fund" straight away
    And the service's history shows who changed the phone number, from what to what

  Scenario: A coordinator's change is in officers' very next search
    Given I am signed in as an officer, PC 1234 Jones
    When a coordinator renames "Warm Homes Fund" to "Warm Homes Winter Fund"
    And I search the directory for "winter fund" in Ashby
    Then the first service I am offered is "Warm Homes Winter Fund"
    When a coordinator marks "Marshgate Night Shelter" closed for good
    And I search the directory for "homeles" in Marshgate
    Then I am no longer offered "Marshgate Night Shelter"

  Scenario: A service not checked for a year is marked for review
    Given I am signed in as an officer, PC 1234 Jones
    When I open "Marshgate Night Shelter" in the directory
    Then I am warned it is due for review
    And the Victims' Services Coordinators see "Marshgate Night Shelter" in their list of services due for review
