Feature: The victim care log
  As an officer in charge of a crime
  I want every Victims' Code duty I meet for a victim recorded once, on the crime
  So that nobody double-keys, nothing a victim is owed is forgotten, and the record proves it

  Op Crystal's rule holds: every box is yes, no or not applicable, and a "no" always says why.
  What the toolkit sends (the crime reference, a signposting, the no-further-action letter) ticks
  its own box; the officer ticks only what the toolkit cannot see.

  Background:
    Given Testshire Police keeps a care log for every victim
    And I am signed in as an officer, PC 1234 Jones

  Scenario: An officer records a victim and completes the care log at first contact
    When I record Jo Bloggs as the victim of crime 06/123456/26, mobile 07700 900123, speaking English
    And I fill in the care log:
      | box                                                      | answer | details                        |
      | Written confirmation of the crime (leaflet) given        | Yes    | Paper leaflet                  |
      | Officer in charge's contact details left with the victim | Yes    |                                |
      | Victim Needs Assessment completed                        | Yes    | housing                        |
      | Contact plan agreed with the victim                      | Yes    | Text message, every 5 working days |
      | Referred or signposted to support services               | No     | Victim wants to wait a week    |
      | Victim Personal Statement offered                        | Yes    | 01/12/2026                     |
    Then Jo Bloggs's care log shows every box I answered
    And the care log says for "Referred or signposted to support services": "No Reason: Victim wants to wait a week"
    And the crime's chronology says "Victim care log, Victim J. B.: Referred or signposted to support services – No. Reason: Victim wants to wait a week."
    And the crime's chronology does not show Jo Bloggs's name or number

  Scenario: A "no" without a reason is refused, naming the box
    Given Jo Bloggs is recorded as the victim of crime 06/123456/26, mobile 07700 900123
    When I answer "Victim Personal Statement offered" with No and give no reason
    Then I am told "Victim Personal Statement offered: you answered no, so give the reason"
    And nothing is written to the crime's chronology

  Scenario: The needs assessment suggests support and one press signposts the victim
    Given the force's directory has its demo services
    And Jo Bloggs is recorded as the victim of crime 06/123456/26, mobile 07700 900123
    And her needs assessment found she needs help with housing
    When I signpost her to the first service suggested for "Housing and homelessness"
    Then her care log says for "Referred or signposted to support services": "Yes evidenced by a message sent"
    And the crime's chronology says the referral was met by the signposting text

  Scenario: The victim comes to me when the contact plan says an update is due
    Given Jo Bloggs was recorded 5 working days ago as the victim of crime 06/123456/26, mobile 07700 900123
    And her care log is complete with texts every 5 working days agreed
    When I open my home page
    Then "My victims" lists Jo Bloggs with "Update due by the contact plan"
    When I press Update for Jo Bloggs and send "Enquiries are continuing."
    Then the victim receives a text that quotes crime 06/123456/26
    And "My victims" no longer lists Jo Bloggs
